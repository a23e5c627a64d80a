"""The README's Spark recipe ("Going past one machine"), run for real by spark.sh: PySpark pipes an
NDJSON export through scimstream and the result is compared with local runs of scimstream.

    python spark_pipe.py USERS.ndjson WORKDIR PARTITIONS

On local[2], for `scimstream --normalize-username --for-create` and the same with `--to csv --no-header`:
  - textFile's partitions, in partition order, are the file's lines (no record split or lost, none empty);
  - rdd.pipe gives, for each partition, what scimstream run locally on that partition's lines gives
    (the same lines in the same order);
  - all the piped lines, sorted, are the sorted lines of one local run `scimstream ARGS < USERS.ndjson`,
    and in partition order they are that run line for line (the CSV: row for row; and the header
    that `scimstream --to csv` writes for no input, then the piped rows, are `scimstream --to csv`);
  - the part files that saveAsTextFile writes, read in name order, are that run byte for byte;
  - a copy of the binary shipped with SparkContext.addFile, found with SparkFiles.get, gives the same.
On a local-cluster (an executor JVM of its own, in a working directory of its own): the binary shipped
with spark.files (what spark-submit --files sets) and piped as ./scimstream gives the same.
Prints one summary line with counts and times; exits 1 with a message naming the first difference.
"""

import csv
import io
import os
import shlex
import shutil
import subprocess
import sys
import time

NDJSON_ARGS = ["--normalize-username", "--for-create"]
CSV_ARGS = NDJSON_ARGS + ["--to", "csv", "--no-header"]


def fail(message):
    print(f"spark_pipe.py: {message}", file=sys.stderr)
    sys.exit(1)


def output_lines(data):
    """Output bytes as the lines PySpark's pipe yields: split at LF, no trailing empty line."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line.decode("utf-8") for line in lines]


def run_local(exe, args, lines=None, path=None):
    """scimstream run once, locally: on these lines, or with the file as standard input."""
    if path is not None:
        with open(path, "rb") as f:
            proc = subprocess.run([exe, *args], stdin=f, stdout=subprocess.PIPE)
    else:
        data = b"".join(line.encode("utf-8") + b"\n" for line in lines)
        proc = subprocess.run([exe, *args], input=data, stdout=subprocess.PIPE)
    if proc.returncode != 0:
        fail(f"the local run `{shlex.join([exe, *args])}` exited {proc.returncode}")
    return output_lines(proc.stdout)


def first_difference(got, want):
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            at = next((j for j, (a, b) in enumerate(zip(g, w)) if a != b), min(len(g), len(w)))
            lo = max(0, at - 80)
            return (f"line {i + 1} differs at character {at + 1}:\n"
                    f"  spark: …{g[lo:at + 80]}…\n  local: …{w[lo:at + 80]}…")
    return f"spark gave {len(got)} lines, the local run {len(want)}"


def csv_rows(lines):
    return list(csv.reader(io.StringIO("".join(line + "\n" for line in lines), newline="")))


def check_partitions(label, outputs, wants):
    """Each partition's piped output is what scimstream, run locally on that partition's lines, gave."""
    if len(outputs) != len(wants):
        fail(f"{label}: {len(outputs)} output partitions for {len(wants)} input partitions")
    for i, (got, want) in enumerate(zip(outputs, wants)):
        if got != want:
            fail(f"{label}: partition {i} is not what scimstream gives for its lines: " + first_difference(got, want))


def check_whole(label, got, want, rows=False):
    """All the piped output against one local run: sorted, then in partition order."""
    if rows:
        got, want = csv_rows(got), csv_rows(want)
    if sorted(got) != sorted(want):
        fail(f"{label}: the piped {'rows' if rows else 'records'} are not those of one local run "
             f"({len(got)} against {len(want)})")
    if got != want:
        fail(f"{label}: the partitions in order are not one local run: " + first_difference(got, want))


def main():
    if len(sys.argv) != 4:
        fail("usage: spark_pipe.py USERS.ndjson WORKDIR PARTITIONS")
    path, work, min_partitions = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), int(sys.argv[3])
    exe = shutil.which("scimstream")
    if exe is None:
        fail("scimstream is not on PATH")
    exe = os.path.abspath(exe)
    # PySpark's pipe gives the command exactly the env it is passed (by default an empty environment).
    # scimstream needs nothing from it; the README's recipe passes PATH, and so does this.
    env = {"PATH": os.environ["PATH"]}

    log4j = os.path.join(work, "log4j2.properties")
    with open(log4j, "w") as f:
        # Warnings only (at WARN Spark does not announce its shell log level), none from Hadoop
        # (no native library); sc.setLogLevel("ERROR") once started.
        f.write("rootLogger.level = warn\n"
                "rootLogger.appenderRef.stderr.ref = stderr\n"
                "appender.console.type = Console\n"
                "appender.console.name = stderr\n"
                "appender.console.target = SYSTEM_ERR\n"
                "appender.console.layout.type = PatternLayout\n"
                "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n"
                "logger.hadoop.name = org.apache.hadoop\n"
                "logger.hadoop.level = error\n")
    # Spark's scratch files (the driver's and the executors') in WORKDIR (spark.local.dir would warn)
    os.makedirs(os.path.join(work, "tmp"), exist_ok=True)
    os.environ["SPARK_LOCAL_DIRS"] = os.path.join(work, "tmp")

    from pyspark import SparkConf, SparkContext, SparkFiles

    def spark_conf(master):
        return (SparkConf()
                .setMaster(master)
                .setAppName("scimstream spark recipe")
                .set("spark.driver.memory", "512m")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}"))

    started = time.monotonic()
    phases = []  # (name, seconds) for the summary line

    def phase(name):
        phases.append((name, time.monotonic() - started - sum(s for _, s in phases)))

    with open(path, "rb") as f:
        file_lines = output_lines(f.read())
    want = run_local(exe, NDJSON_ARGS, path=path)
    csv_want = run_local(exe, CSV_ARGS, path=path)
    sc = SparkContext(conf=spark_conf("local[2]"))
    sc.setLogLevel("ERROR")
    phase("start")
    try:
        # --- the recipe: textFile, pipe, saveAsTextFile
        users = sc.textFile(path, minPartitions=min_partitions)
        command = shlex.join([exe, *NDJSON_ARGS])
        cleaned = users.pipe(command, env=env, checkCode=True)
        out_dir = os.path.join(work, "clean-users")
        cleaned.saveAsTextFile(out_dir)

        # --- the input partitions: whole lines, in order, all of them, none empty
        inputs = users.glom().collect()
        partitions = len(inputs)
        if partitions < min_partitions:
            fail(f"textFile(minPartitions={min_partitions}) gave {partitions} partitions")
        if [line for part in inputs for line in part] != file_lines:
            fail("textFile's partitions in order are not the file's lines: a record was split or lost")
        if any(not part for part in inputs):
            fail(f"an empty partition among {[len(p) for p in inputs]}: the check would not cover {partitions}")
        partition_wants = [run_local(exe, NDJSON_ARGS, lines=part) for part in inputs]
        phase("save+partitions")

        # --- NDJSON: per partition, in order; the whole; the part files
        outputs = cleaned.glom().collect()
        check_partitions("ndjson", outputs, partition_wants)
        check_whole("ndjson", [line for part in outputs for line in part], want)
        part_files = sorted(n for n in os.listdir(out_dir) if n.startswith("part-"))
        if len(part_files) != partitions or not os.path.exists(os.path.join(out_dir, "_SUCCESS")):
            fail(f"saveAsTextFile wrote {len(part_files)} part files for {partitions} partitions (or no _SUCCESS)")
        saved = b"".join(open(os.path.join(out_dir, n), "rb").read() for n in part_files)
        if saved != "".join(line + "\n" for line in want).encode("utf-8"):
            fail("the part files of saveAsTextFile, in name order, are not byte for byte one local run: "
                 + first_difference(output_lines(saved), want))
        phase("ndjson")

        # --- CSV: per partition, in order; the whole, row for row; with the header that scimstream
        # writes for no input put first, the CSV of one run with its header
        csv_command = shlex.join([exe, *CSV_ARGS])
        csv_outputs = users.pipe(csv_command, env=env, checkCode=True).glom().collect()
        check_partitions("csv", csv_outputs, [run_local(exe, CSV_ARGS, lines=part) for part in inputs])
        check_whole("csv", [line for part in csv_outputs for line in part], csv_want, rows=True)
        header = run_local(exe, [*NDJSON_ARGS, "--to", "csv"], lines=[])
        if len(header) != 1:
            fail(f"scimstream --to csv on no input wrote {len(header)} lines, not one header")
        check_whole("csv with header", header + [line for part in csv_outputs for line in part],
                    run_local(exe, [*NDJSON_ARGS, "--to", "csv"], path=path), rows=True)
        phase("csv")

        # --- the binary shipped with the job: SparkContext.addFile, found with SparkFiles.get
        # (in local mode the driver's SparkFiles directory is the executors' too)
        sc.addFile(exe)
        shipped = SparkFiles.get(os.path.basename(exe))
        shipped_outputs = users.pipe(shlex.join([shipped, *NDJSON_ARGS]), env=env, checkCode=True).glom().collect()
        check_partitions("addFile", shipped_outputs, partition_wants)
        phase("addFile")
    finally:
        sc.stop()

    # --- a cluster's way: spark.files (spark-submit --files) ships the binary to executors of their
    # own, which place it in their working directory, where the pipe runs ./scimstream. Here a
    # local-cluster: one worker whose executor is a JVM of its own in a directory of its own.
    conf = (spark_conf("local-cluster[1,2,1024]")
            .set("spark.executor.memory", "512m")
            .set("spark.files", exe))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    # the worker keeps the application's directory under SPARK_HOME/work (here inside the venv)
    app_dir = os.path.join(sc._jvm.java.lang.System.getenv("SPARK_HOME"), "work", sc.applicationId)
    phase("cluster start")
    try:
        users = sc.textFile(path, minPartitions=min_partitions)
        cwds = users.mapPartitions(lambda _: [os.getcwd()]).distinct().collect()
        if os.getcwd() in cwds or not all(d.startswith(app_dir) for d in cwds):
            fail(f"the executor ran in {cwds}, not in a directory of its own under {app_dir}")
        relative = "./" + os.path.basename(exe)
        cluster_outputs = users.pipe(shlex.join([relative, *NDJSON_ARGS]), env=env, checkCode=True).glom().collect()
        check_partitions("spark.files", cluster_outputs, partition_wants)
        check_whole("spark.files", [line for part in cluster_outputs for line in part], want)
    finally:
        sc.stop()
        shutil.rmtree(app_dir, ignore_errors=True)
        try:
            os.rmdir(os.path.dirname(app_dir))
        except OSError:
            pass
    phase("cluster")
    seconds = time.monotonic() - started
    print(f"spark OK: {len(file_lines)} records in {partitions} partitions "
          f"({os.path.getsize(path) / 1e6:.1f} MB) through scimstream on local[2]: NDJSON per partition "
          f"in order, sorted and whole = one local run, {len(part_files)} part files byte for byte; "
          f"CSV {len(csv_want)} rows the same (and with the header); the addFile copy the same; on a local-cluster the "
          f"spark.files copy run as {relative} the same; {seconds:.1f} s ("
          + ", ".join(f"{name} {s:.1f}" for name, s in phases) + ")")


if __name__ == "__main__":
    main()

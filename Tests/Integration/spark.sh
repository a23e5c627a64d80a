#!/usr/bin/env bash
# The README's Spark recipe ("Going past one machine"), run for real: PySpark on local[2] reads a
# multi-partition NDJSON export with textFile, pipes every partition through scimstream
# (rdd.pipe, also a copy shipped with SparkContext.addFile), and spark_pipe.py compares the output
# with local runs of scimstream: the same records, each partition in input order, the part files
# of saveAsTextFile in order byte for byte one run, and the CSV variant the same rows. Then, on a
# local-cluster master (an executor JVM in its own working directory), the binary shipped with
# spark.files (spark-submit --files) and piped as ./scimstream gives the same.
#
# Usage (from run.sh): bash Tests/Integration/spark.sh PYTHON WORKDIR
#   PYTHON   the Python of the integration virtual environment (.build-integration/venv)
#   WORKDIR  a scratch directory (its spark/ subdirectory is used and left for run.sh to remove)
# scimstream and scimstream-gen must be on PATH. Installs what it needs: Java (Debian's OpenJDK 17)
# when no java of version 17 or later is there, and PySpark into the virtual environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 2 ] || { echo "usage: $0 PYTHON WORKDIR" >&2; exit 64; }
py=$1
work=$2/spark
step() { printf '\n== %s\n' "$*"; }
fail() { echo "integration failure: $*" >&2; exit 1; }
started=$SECONDS

step "spark: install Java (OpenJDK 17) and PySpark"
java_major() {  # the major version of the java on PATH, 0 when there is none
    command -v java >/dev/null || { echo 0; return; }
    local v
    v=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1)
    echo "${v:-0}"
}
if [ "$(java_major)" -lt 17 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    # Slim Debian images leave out the man directories, where the JRE's postinst puts alternatives links.
    $sudo mkdir -p /usr/share/man/man1
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    if [ "$(java_major)" -lt 17 ]; then  # an older java still first on PATH
        export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)
        export PATH="$JAVA_HOME/bin:$PATH"
    fi
fi
[ "$(java_major)" -ge 17 ] || fail "no java 17 or later after installing openjdk-17-jre-headless"
# PySpark 4 runs on Java 17 and 21; a later major version may ask for a newer Java.
if ! "$py" -c 'import pyspark' 2>/dev/null; then
    "$py" -m pip install -q --disable-pip-version-check 'pyspark<5'
fi
echo "java $(java_major), pyspark $("$py" -c 'import pyspark; print(pyspark.__version__)'), $((SECONDS - started)) s"

step "spark: rdd.pipe(scimstream) over a multi-partition NDJSON export, compared with one local run"
command -v scimstream >/dev/null || fail "scimstream is not on PATH"
command -v scimstream-gen >/dev/null || fail "scimstream-gen is not on PATH"
rm -rf "$work"
mkdir -p "$work"
scimstream-gen 20000 > "$work/users.ndjson"
# The pip-installed PySpark, not a SPARK_HOME the machine may have; Python workers run the venv's
# Python; every address is the loopback one.
unset SPARK_HOME
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py" SPARK_LOCAL_IP=127.0.0.1
"$py" Tests/Integration/spark_pipe.py "$work/users.ndjson" "$work" 8 ||
    fail "the Spark recipe did not give the output of one local run (see above)"
echo "spark.sh: $((SECONDS - started)) s in all"

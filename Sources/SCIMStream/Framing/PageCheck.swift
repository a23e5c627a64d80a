/// Checks that concatenated ListResponse pages add up (issue 14: a missing page of an export
/// went unnoticed): each page's `startIndex` follows from the previous page's start and size,
/// `totalResults` does not change, and the users of all pages number `totalResults`.
/// Each finding is a warning with the numbers.
///
/// Pages run on from one input to the next (an export saved page by page, one file each); a
/// page with `startIndex` 1 starts another export.
struct PageCheck: Sendable {
    /// Pages seen so far.
    private(set) var pages = 0
    private var lastStart: Int?
    private var lastCount = 0
    private var total: Int?
    private var totalChanged = false
    private var users = 0
    /// Findings not yet taken.
    var warnings: [String] = []

    /// Notes one page: its `startIndex` and `totalResults` (when present) and how many users it held.
    mutating func page(startIndex: Int?, totalResults: Int?, users count: Int) {
        if startIndex == 1 && pages > 0 {
            finish()
            self = PageCheck(warnings: warnings)
        }
        pages += 1
        if let start = startIndex, let last = lastStart, start != last + lastCount {
            warnings.append(
                "page \(pages) starts at startIndex \(start), expected \(last + lastCount) (page \(pages - 1) started at \(last) "
                    + "with \(lastCount) users): a page is missing or repeated")
        }
        if let totalResults {
            if let total, total != totalResults {
                warnings.append("totalResults changed from \(total) to \(totalResults) at page \(pages)")
                totalChanged = true
            }
            total = totalResults
        }
        lastStart = startIndex
        lastCount = count
        users += count
    }

    /// No pages yet; `warnings` still to be taken.
    init(warnings: [String] = []) {
        self.warnings = warnings
    }

    /// At the end of an export: the users of all pages against `totalResults`.
    mutating func finish() {
        guard pages > 0, let total, !totalChanged, users != total else { return }
        let what = users < total ? "users are missing (a page?)" : "some users are repeated"
        warnings.append("the \(pages) ListResponse pages hold \(users) users, totalResults says \(total): \(what)")
    }
}

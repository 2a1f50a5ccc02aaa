// swift-tools-version: 6.0
import PackageDescription

/// CI (`.ci/run`) sets GONGKAI_WARNINGS_AS_ERRORS: a warning in gongkai's own targets fails the build there; the
/// dependencies' warnings are theirs.
let ownSettings: [SwiftSetting] =
    Context.environment["GONGKAI_WARNINGS_AS_ERRORS"] == nil ? [] : [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(
            name: "GongkaiKit",
            targets: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation", "GongkaiRubric",
                "GongkaiReports", "GongkaiImport",
            ]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // libxlsxwriter from Debian (libxlsxwriter-dev); only XlsxWriter imports it.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(name: "XlsxWriter", dependencies: ["CXlsxWriter"]),
        // libxml2's HTML parser and poppler-glib's PDF text (Debian); only GongkaiOffice imports them.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPopplerGlib", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        // libfreexl from Debian (libfreexl-dev): reads Excel 97–2003 (.xls) ledgers; only XLSReader imports it.
        .systemLibrary(name: "CFreeXL", pkgConfig: "freexl", providers: [.apt(["libfreexl-dev"])]),
        // libcsv from Debian (libcsv-dev, no pkg-config file): the CSV ledgers' RFC 4180 reader; only CSVRows imports it.
        .systemLibrary(name: "CCSV", providers: [.apt(["libcsv-dev"])]),
        // glibc's memmem (in libc; the Glibc module leaves GNU extensions out): byte search in workbook parts.
        .systemLibrary(name: "CGlibcSearch"),
        // The library, in layers: each target lists only the targets below it, so a dependency that goes the wrong way
        // does not build. README.md ("Layout") draws the same graph.
        //
        // 1. GongkaiCore owns what every layer speaks: days and the working calendar (the State Council's notices, the
        //    law's holidays for years no notice covers), bilingual messages and load issues, masking personal data,
        //    YAML nodes with positions, safe file reading (FolderListing) and the output layer. It knows no plan, no
        //    evidence, no office format.
        .target(name: "GongkaiCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // 2a. GongkaiOffice reads the office formats as plain data: the zip guard and its budgets, workbooks (.xlsx,
        //     .xls) as cells, Word and web pages as paragraphs and tables, PDF text. It knows nothing of what the cells
        //     mean: no plan, no evidence type.
        .target(
            name: "GongkaiOffice",
            dependencies: [
                "GongkaiCore", "CLibXML2", "CPopplerGlib", "CFreeXL", "CGlibcSearch",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // 2b. GongkaiPlan owns a plan as data: sections, tasks, roles (牵头/负责/配合) read from the plan's words,
        //     deadlines, and each check as written (its kind and raw parameters). It knows no check kind: the plan
        //     loader asks a CheckVocabulary, which GongkaiChecks supplies.
        .target(
            name: "GongkaiPlan",
            dependencies: ["GongkaiCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        // 3. GongkaiEvidence owns an evidence folder: gongkai.yaml, the built-in Rules folder, the evidence types, a
        //    reader per format (YAML, CSV, Excel), validation, the assembled set, hashing, the folder's calendar files.
        //    It may read the plan (task numbers, units) but knows no check and no report.
        .target(
            name: "GongkaiEvidence",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "CCSV",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // 4. GongkaiChecks owns the check kinds (one file each, with parameters and examples), binding a plan's checks
        //    to them, the statutory baseline (条例's duties every plan gets), how checks are named and described, and
        //    `plan lint` (PlanLinter). A check reads one task's evidence as of a day; it knows nothing of running many,
        //    or of reports.
        .target(
            name: "GongkaiChecks",
            dependencies: ["GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", .product(name: "Yams", package: "Yams")]
        ),
        // 5. GongkaiEvaluation runs a plan on a folder (Pipeline): the as-of cut, waivers, results per task, the CI
        //    gate, the baseline comparison, and the one runner over many folders (FolderRunner). It writes nothing.
        .target(
            name: "GongkaiEvaluation",
            dependencies: ["GongkaiCore", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", .product(name: "Yams", package: "Yams")]
        ),
        // 6. GongkaiRubric owns assessment rubrics (考核评分细则) as rules and scoring an evaluation against one (the
        //    自评表's figures), and the 雷同 measure of annual reports (it reads their files through GongkaiOffice). It
        //    writes nothing.
        .target(
            name: "GongkaiRubric",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // 7. GongkaiReports owns every output: text, JSON (and reading it back: baselines, verify), JUnit, SARIF, HTML,
        //    the check and roll-up workbooks, due lists, the statistics tables and the annual report in Word. Writers
        //    compute nothing the layers below decide.
        .target(
            name: "GongkaiReports",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation", "GongkaiRubric",
                "XlsxWriter", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // 8. GongkaiImport reads what offices publish into rules (plan import, rubric import) and builds evidence
        //    folders (the scaffold of `init`, the fill-in workbook, next year's carry-over). Only the executable uses it.
        .target(
            name: "GongkaiImport",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation", "GongkaiRubric",
                "GongkaiReports", "XlsxWriter",
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation", "GongkaiRubric",
                "GongkaiReports", "GongkaiImport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target (`make fuzz`); built normally it replays inputs (Tests/fuzz-corpus).
        .executableTarget(name: "gongkai-fuzz", dependencies: ["GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks"]),
        .testTarget(
            name: "GongkaiKitTests",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation", "GongkaiRubric",
                "GongkaiReports", "GongkaiImport", "XlsxWriter",
            ],
            exclude: ["Resources"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every target of gongkai's own (not the system libraries' module maps) gets the CI's settings.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + ownSettings
}

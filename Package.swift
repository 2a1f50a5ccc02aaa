// swift-tools-version: 6.0
import PackageDescription

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
        // 1. Days, the working calendar, messages, masking, YAML nodes, output files: no domain object.
        .target(name: "GongkaiCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // 2a. The office formats read as plain data (zip guard, XLSX/XLS/DOCX/PDF/HTML): no plan, no evidence.
        .target(
            name: "GongkaiOffice",
            dependencies: [
                "GongkaiCore", "CLibXML2", "CPopplerGlib", "CFreeXL", "CGlibcSearch",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // 2b. A plan as data: tasks, roles, deadlines, and each check as its kind and raw parameters.
        .target(
            name: "GongkaiPlan",
            dependencies: ["GongkaiCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        // 3. An evidence folder: its configuration, types, readers per format, validation, the folder's calendars.
        .target(
            name: "GongkaiEvidence",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "CCSV",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // 4. The check kinds, binding a plan's checks to them, the statutory baseline, and their labels.
        .target(
            name: "GongkaiChecks",
            dependencies: ["GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", .product(name: "Yams", package: "Yams")]
        ),
        // 5. Running a plan on a folder: the as-of cut, waivers, results per task, the gate, the baseline comparison.
        .target(
            name: "GongkaiEvaluation",
            dependencies: ["GongkaiCore", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", .product(name: "Yams", package: "Yams")]
        ),
        // 6. Rubrics (考核评分细则) and scoring a folder's evaluation against one.
        .target(
            name: "GongkaiRubric",
            dependencies: [
                "GongkaiCore", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // 7. Every output: report formats, the workbook, the statistics tables, the annual report in Word.
        .target(
            name: "GongkaiReports",
            dependencies: [
                "GongkaiCore", "GongkaiOffice", "GongkaiPlan", "GongkaiEvidence", "GongkaiChecks", "GongkaiEvaluation", "GongkaiRubric",
                "XlsxWriter", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // 8. Reading what offices publish into rules (plans, rubrics) and building evidence folders (scaffold, workbook).
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

// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(name: "GongkaiKit", targets: ["GongkaiKit"]),
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
        // libxml2's HTML parser and poppler-glib's PDF text (Debian); only GongkaiKit/Office imports them.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPopplerGlib", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        // libfreexl from Debian (libfreexl-dev): reads Excel 97–2003 (.xls) ledgers; only XLSReader imports it.
        .systemLibrary(name: "CFreeXL", pkgConfig: "freexl", providers: [.apt(["libfreexl-dev"])]),
        // libcsv from Debian (libcsv-dev, no pkg-config file): the CSV ledgers' RFC 4180 reader; only CSVRows imports it.
        .systemLibrary(name: "CCSV", providers: [.apt(["libcsv-dev"])]),
        // glibc's memmem (in libc; the Glibc module leaves GNU extensions out): byte search in workbook parts.
        .systemLibrary(name: "CGlibcSearch"),
        .target(
            name: "GongkaiKit",
            dependencies: [
                "XlsxWriter",
                "CLibXML2",
                "CPopplerGlib",
                "CFreeXL",
                "CCSV",
                "CGlibcSearch",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer target (`make fuzz`); built normally it replays inputs (Tests/fuzz-corpus).
        .executableTarget(name: "gongkai-fuzz", dependencies: ["GongkaiKit"]),
        .testTarget(name: "GongkaiKitTests", dependencies: ["GongkaiKit", "XlsxWriter"], exclude: ["Resources"]),
    ],
    swiftLanguageModes: [.v6]
)

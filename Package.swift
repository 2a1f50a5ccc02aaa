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
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
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
        .target(
            name: "GongkaiKit",
            dependencies: [
                "XlsxWriter",
                "CLibXML2",
                "CPopplerGlib",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
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

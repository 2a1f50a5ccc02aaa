import Foundation
import GongkaiChecks
import GongkaiEvidence
import GongkaiOffice
import GongkaiPlan

/// The record, ledger and workbook parsers under libFuzzer (`make fuzz`). The first byte picks the format
/// (0xFF an .xlsx workbook, 0xFE a workbook part's XML, else even YAML/JSON, odd CSV); the rest is the file. Built
/// normally, the same code replays files given as arguments, so findings kept under Tests/fuzz-corpus/ run as
/// regression tests.
enum FuzzTarget {
    static let loader: EvidenceLoader = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard let rules = try? Rules.load(root: root.appendingPathComponent("Rules")),
            let url = rules.planURL("zhaoqing-commerce-2020"), let (plan, _) = try? PlanLoader.load(url: url)
        else {
            fatalError("the fuzz target needs the repository's Rules/")
        }
        let config = FolderConfig(plan: plan.id, agency: nil, year: 2020, calendar: .official, encodings: [:], timeZone: .current)
        return EvidenceLoader(root: root, config: config, types: rules.types, plan: plan)
    }()

    static func run(_ data: Data) {
        guard let first = data.first else { return }
        if first == 0xFE { return xmlAgainstLibxml2(Data(data.dropFirst())) }
        let path = first == 0xFF ? "disclosure-request.xlsx" : first % 2 == 0 ? "fuzz.yaml" : "disclosure-request.csv"
        let (records, issues) = loader.parse(data.dropFirst(), path: path)
        // Every problem names its file; a record always has an id and a type.
        for issue in issues where issue.location.file != path { fatalError("issue names the wrong file: \(issue)") }
        for r in records where r.id.isEmpty || r.type.isEmpty { fatalError("a record without id or type") }
    }
}

extension FuzzTarget {
    /// The workbook parts' scanner against libxml2: the same events for what it reads, an error where it stops.
    static func xmlAgainstLibxml2(_ data: Data) {
        if let difference = XMLScannerCheck.againstLibxml2(data) { fatalError(difference) }
    }
}

#if FUZZING
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // libFuzzer's own entry point, by its C name.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTarget.run(bytes.map { Data(bytes: $0, count: size) } ?? Data())
        return 0
    }

    /// SwiftPM links an executable's `main` to `<module>_main`; hand it to libFuzzer's driver.
    @_cdecl("gongkai_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { bytes, size in fuzzOne(bytes, size) }
    }
#else
    @main
    struct Replay {
        static func main() {
            let files = CommandLine.arguments.dropFirst().flatMap { path -> [String] in
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return [] }
                guard isDir.boolValue else { return [path] }
                return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTarget.run(data)
            }
            print("replayed \(files.count) inputs")
        }
    }
#endif

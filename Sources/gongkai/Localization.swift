import ArgumentParser
import Foundation
import GongkaiCore

/// The command line's own language: `--lang en` anywhere in the arguments, else `LANG`/`LC_ALL` starting with `en`,
/// else Chinese. Decided once, before parsing, so help texts and usage errors come out in it.
enum CLILanguage {
    nonisolated(unsafe) static var current: Lang = detect(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

    static func detect(arguments: [String], environment: [String: String]) -> Lang {
        for (i, arg) in arguments.enumerated() {
            if arg == "--lang", i + 1 < arguments.count { return Lang(rawValue: arguments[i + 1]) ?? .zh }
            if arg.hasPrefix("--lang=") { return Lang(rawValue: String(arg.dropFirst(7))) ?? .zh }
        }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty { return value.lowercased().hasPrefix("en") ? .en : .zh }
        }
        return .zh
    }
}

/// A help text in the command line's language: `help: bilingual("自查日…，例：--as-of 2021-02-05", "The day of the self-check…")`.
func bilingual(_ zh: String, _ en: String) -> ArgumentHelp { ArgumentHelp(localized(zh, en)) }

/// A command's abstract (or any fixed text of the command line) in its language.
func localized(_ zh: String, _ en: String) -> String { CLILanguage.current == .zh ? zh : en }

/// Puts the parser's fixed English words (section headings, usage errors) into Chinese and adds the nearest
/// subcommand or option to "unknown" errors. The parser has no localisation hook, so its messages are matched by
/// their fixed shapes; anything unmatched passes through unchanged.
enum CLIMessages {
    static func localize(_ message: String, lang: Lang, arguments: [String], subcommands: [String]) -> String {
        var text = message
        let hint = subcommandHint(arguments: arguments, subcommands: subcommands, lang: lang)
        if lang == .en { return hint.map { text + "\n" + $0 } ?? text }
        let headings: [(String, String)] = [
            ("USAGE:", "用法："), ("ARGUMENTS:", "参数："), ("OPTIONS:", "选项："), ("SUBCOMMANDS:", "子命令："),
            ("OVERVIEW:", "概述："), ("Error: ", "错误："), ("Usage: ", "用法："),
            ("  -h, --help              Show help information.", "  -h, --help              显示帮助。"),
            ("--version               Show the version.", "--version               显示版本。"),
        ]
        for (en, zh) in headings { text = text.replacingOccurrences(of: en, with: zh) }
        // "(default: …)" may be wrapped onto the next line by the parser.
        text = text.replacingOccurrences(of: #"\(default:\s*([^)]*)\)"#, with: "（默认：$1）", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\(values: ([^)]*)\)"#, with: "（可选值：$1）", options: .regularExpression)
        text = text.replacingOccurrences(of: "; default: ", with: "；默认：")
        let patterns: [(String, String)] = [
            (#"See '([^']+) <subcommand>' for detailed help\."#, "用 '$1 <子命令> --help' 查看子命令的详细帮助。"),
            (#"See '([^']+)' for more (?:details|information)\."#, "用 '$1' 查看详细说明。"),
            (#"(?m)^Help: "#, "说明："),
            (#"The value '([^']*)' is invalid for '([^']+)'"#, "'$2' 的值 '$1' 无效"),
            (#"Unknown option '([^']+)'\. Did you mean '([^']+)'\?"#, "未知选项 '$1'。是不是想用 '$2'？"),
            (#"Unknown option '([^']+)'"#, "未知选项 '$1'"),
            (#"Missing value for '([^']+)'"#, "'$1' 缺少值"),
            (#"Missing expected argument '([^']+)'"#, "缺少参数 '$1'"),
            (#"(\d+) unexpected arguments: (.*)"#, "多余的参数 $1 个：$2"),
            (#"Unexpected argument '([^']+)'"#, "多余的参数 '$1'"),
            (#"Missing required subcommand\."#, "缺少子命令。"),
            (#"Invalid option: (.*)"#, "无效选项：$1"),
        ]
        for (pattern, template) in patterns {
            text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return hint.map { text + "\n" + $0 } ?? text
    }

    /// "gongkai chek": the first argument is neither an option nor a subcommand; name the nearest subcommand.
    static func subcommandHint(arguments: [String], subcommands: [String], lang: Lang) -> String? {
        guard let word = arguments.dropFirst().first, !word.hasPrefix("-"), !subcommands.contains(word), word != "help",
            let best = nearest(word, in: subcommands)
        else { return nil }
        return lang == .zh ? "没有子命令 '\(word)'。是不是想用 'gongkai \(best)'？" : "There is no subcommand '\(word)'. Did you mean 'gongkai \(best)'?"
    }

    /// The candidate within an edit distance of a third of the word (at least 1, at most 3), closest first.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        EditDistance.nearest(word, in: candidates, within: min(3, max(1, word.count / 3)))
    }
}

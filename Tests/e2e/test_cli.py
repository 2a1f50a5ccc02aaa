"""The command line answers in the user's language: help, usage errors, and the nearest subcommand or option."""
import os, re, subprocess
from conftest import BIN, GAPS, run


def test_unknown_subcommand_suggests_the_nearest_in_chinese():
    code, out, err = run("chek")
    assert code == 2
    assert "没有子命令 'chek'" in err
    assert "gongkai check" in err
    assert "Unexpected" not in err


def test_unknown_subcommand_in_english_with_lang_en():
    code, _, err = run("chek", "--lang", "en")
    assert code == 2
    assert "Did you mean 'gongkai check'?" in err


def test_unknown_option_suggests_the_nearest():
    code, _, err = run("check", GAPS, "--asof", "2021-02-05")
    assert code == 2
    assert "未知选项 '--asof'" in err
    assert "'--as-of'" in err


def test_help_headings_are_chinese_by_default_and_english_with_lang_env():
    code, out, _ = run("--help")
    assert code == 0
    assert "用法：" in out
    assert "子命令：" in out
    assert "USAGE:" not in out
    env = dict(os.environ, LANG="en_US.UTF-8", LC_ALL="")
    p = subprocess.run([BIN, "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0
    assert "USAGE:" in p.stdout
    assert "用法" not in p.stdout


def test_every_option_is_described_in_chinese_with_an_example():
    for args in (["check"], ["due"], ["stats"], ["annual-report"], ["plan", "import"], ["init"], ["rollup"]):
        code, out, _ = run(*args, "--help")
        assert code == 0, args
        options = out[out.index("选项："):]
        described = [l for l in options.splitlines() if l.startswith("  -") and not l.strip().startswith(("-h,", "--version"))]
        assert described, args
        assert "例：" in out, args
        # No English sentence is left in the option texts (the column after the option names) of the Chinese help.
        texts = "\n".join(l[26:] for l in options.splitlines())
        assert not re.search(r"\b(the|of|and|default|values)\b", texts), (args, texts)
    code, out, _ = run("check", "--help", "--lang", "en")
    assert "The day of the self-check" in out
    assert "自查日" not in out

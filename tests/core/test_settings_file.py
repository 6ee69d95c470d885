"""The person's settings file: precedence, problems named by line, choices written back whole."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kam_tui.core import config, paths


def write(text: str) -> Path:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_file_the_defaults_hold_and_the_locale_picks_the_language():
    settings = config.load(environ={"LANG": "zh_CN.UTF-8"})
    assert (settings.lang, settings.theme, settings.database, settings.open_on_today) == (
        "zh", "kam-dark", None, False)
    assert set(settings.sources.values()) == {"default"}
    assert settings.problems == ()


def test_the_command_line_beats_the_environment_beats_the_file_beats_the_defaults():
    write('lang = "zh"\ntheme = "kam-light"\ndatabase = "~/team.db"\nopen_on_today = true\n')
    from_file = config.load(environ={"LANG": "en_US.UTF-8"})
    assert (from_file.lang, from_file.theme, from_file.database, from_file.open_on_today) == (
        "zh", "kam-light", "~/team.db", True)
    assert from_file.sources["lang"] == "file"
    env = {"KAM_LANG": "en", "KAM_THEME": "nord", "KAM_DB": "/srv/kam.db"}
    from_env = config.load(environ=env)
    assert (from_env.lang, from_env.theme, from_env.database) == ("en", "nord", "/srv/kam.db")
    assert from_env.sources["theme"] == "environment (KAM_THEME)"
    given = config.load(lang="zh", theme="kam-dark", database="x.db", environ=env)
    assert (given.lang, given.theme, given.database) == ("zh", "kam-dark", "x.db")
    assert set(given.sources[name] for name in ("lang", "theme", "database")) == {
        "command line"}


def test_a_file_that_does_not_parse_names_its_line_and_every_value_falls_back():
    write('lang = "zh"\n\ntheme = \n')
    settings = config.load(environ={})
    assert settings.lang == "en" and settings.theme == "kam-dark"
    (problem,) = settings.problems
    assert problem.line == 3
    assert str(problem).startswith("config.toml, line 3: ")
    assert "using the defaults" in str(problem)


def test_a_bad_value_names_its_line_and_only_that_value_falls_back():
    write('theme = "kam-light"\nlang = "fr"\nopen_on_today = "yes"\ncolour = 1\n\n'
          '[keys]\n"verb.delete" = "x"\n"verb.new" = 5\n')
    settings = config.load(environ={})
    assert settings.theme == "kam-light" and settings.lang == "en"
    assert settings.open_on_today is False
    assert settings.keys == {"verb.delete": "x"}
    lines = {problem.line: problem.text for problem in settings.problems}
    assert set(lines) == {2, 3, 4, 8}
    assert "fr" in lines[2] and "true or false" in lines[3] and "unknown" in lines[4]
    assert "verb.new" in lines[8]


def test_a_bad_environment_value_is_said_and_the_file_holds():
    write('lang = "zh"\n')
    settings = config.load(environ={"KAM_LANG": "klingon"})
    assert settings.lang == "zh"
    assert any("KAM_LANG" in str(problem) for problem in settings.problems)


def test_an_unreadable_file_is_a_problem_not_a_crash():
    path = write("")
    path.write_bytes(b'lang = "\xff\xfe"\n')
    settings = config.load(environ={})
    assert settings.lang == "en"
    assert settings.problems and settings.problems[0].line is None


def test_remember_keeps_the_persons_comments_and_keys_and_sets_the_value_once():
    path = write('# my settings\nlang = "zh"  # Chinese please\n\n[keys]\n# mine\n'
                 '"verb.delete" = "x"\n')
    config.remember("theme", "kam-light")
    config.remember("theme", "nord")
    text = path.read_text(encoding="utf-8")
    assert "# my settings" in text and "# Chinese please" in text and "# mine" in text
    assert text.count("theme =") == 1
    settings = config.load(environ={})
    assert (settings.theme, settings.lang, settings.keys) == ("nord", "zh", {"verb.delete": "x"})


def test_remember_makes_the_file_from_the_template_and_never_rewrites_a_broken_one():
    config.remember("open_on_today", True)
    assert config.load(environ={}).open_on_today is True
    assert "kam config" in paths.config_path().read_text(encoding="utf-8")  # the template's
    broken = write('lang = "zh\n')
    config.remember("theme", "kam-light")
    assert broken.read_text(encoding="utf-8") == 'lang = "zh\n'
    with pytest.raises(ValueError):
        config.remember("theme", "not a name!")


def kam(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the kam command in this process; return its exit code, output and errors."""
    from kam_tui.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_kam_config_prints_the_path_the_values_in_force_and_where_each_came_from(
        capsys, monkeypatch):
    write('theme = "kam-light"\nlang = "fr"\n')
    monkeypatch.setenv("KAM_LANG", "zh")
    code, out, err = kam(capsys, "config")
    assert str(paths.config_path()) in out
    assert "theme          kam-light  [file]" in out
    assert "lang           zh  [environment (KAM_LANG)]" in out
    assert "config.toml, line 2:" in err
    assert code == 1  # a problem in the file is worth a non-zero exit


def test_kam_config_keys_lists_every_action_with_the_persons_own_key(capsys):
    write('[keys]\n"verb.delete" = "x"\n')
    code, out, _ = kam(capsys, "config", "--keys")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "x  (yours; default d)" in lines["verb.delete"]
    assert "Delete" in lines["verb.delete"]
    assert {"nav.customers", "nav.help", "calendar.new", "pipeline.won_key"} <= set(lines)


def test_kam_config_edit_opens_the_editor_on_a_template_then_checks_it(
        capsys, monkeypatch, tmp_path):
    editor = tmp_path / "editor.py"
    editor.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n"
                      "path.write_text('theme = \"kam-light\"\\n' + path.read_text())\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    code, out, err = kam(capsys, "config", "--edit")
    assert code == 0, err
    assert "theme          kam-light  [file]" in out
    assert "# kam-tui: your own settings" in paths.config_path().read_text(encoding="utf-8")


def test_kam_config_names_a_key_for_an_action_that_does_not_exist(capsys):
    write('[keys]\n"verb.delte" = "x"\n')
    code, _, err = kam(capsys, "config")
    assert code == 1
    assert "verb.delte" in err

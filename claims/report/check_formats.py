"""Renderings of a check result: text, JSON, JUnit XML, GitHub annotations, markdown.

The JSON shape is an interface CI scripts read (documented in the README, "Checking a new
batch in CI"); it holds no database ids, which a rolled-back check does not keep.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from claims.errors import BadInput, SourceUnreadable
from claims.pipeline.check import CheckResult, ClaimRef, Finding
from claims.report.escape import isolate, md, plain, xml_text
from claims.report.formats import CHECK_FORMATS as FORMATS
from claims.report.serialise import dump, result_dict, shown_date, split_problem
from claims.report.why import split as split_why
from claims.words import plural


def _where(ref: ClaimRef, shown=isolate) -> str:  # noqa: ANN001 - a str -> str function
    extra = ", ".join(p for p in (shown(ref.outlet) if ref.outlet else None, _date(ref)) if p)
    return f"{shown(ref.path)}:{ref.line}" + (f" ({extra})" if extra else "")


def _date(ref: ClaimRef) -> str:
    approx = bool(getattr(ref, "published_approx", False))
    return shown_date(ref.published, approx, ref.story_first, ref.story_last)


def _label(f: Finding) -> str:
    return "FAIL" if f.failing else "known" if f.known else "note"


def _why(f: Finding) -> tuple[str, str]:
    return split_why(f.explanation, f.kind, f.model)


def headline(result: CheckResult) -> str:
    n, failing, known = len(result.findings), len(result.failing), len(result.known)
    text = f"{plural(n, 'contradiction')} this batch would introduce: {failing} failing"
    text += f" (--fail-on {result.fail_on}), {known} known from the baseline"
    if result.dismissed:
        text += f", {result.dismissed} left out as dismissed by reviewers"
    skipped = len(result.report.skipped_files)
    if skipped:
        text += f"; {plural(skipped, 'bad file')} skipped"
    return text + "."


def render_text(result: CheckResult) -> str:
    lines = [headline(result)]
    for f in result.findings:
        new, other = f.claims
        why, detail = _why(f)
        lines.append("")
        lines.append(f"{_label(f):5} {f.score:.2f} {f.kind}: {why}")
        lines.append(f"      detail: {detail}")
        for tag, ref in (("new", new), ("new" if other.new else "stored", other)):
            status = f" [{ref.status}]" if ref.status != "unreviewed" else ""
            lines.append(f"  {tag:6} {_where(ref)}{status}")
            wrapped = textwrap.wrap(plain(ref.text), 87)
            lines.extend(" " * 9 + isolate(line) for line in wrapped)
    for path, reason in map(split_problem, result.report.skipped_files):
        lines.append(f"skipped bad file: {isolate(path)}: {isolate(reason)}")
    return "\n".join(lines)


def render_junit(result: CheckResult) -> str:
    """One <testcase> per contradiction; failing ones hold a <failure>, known ones <skipped>."""
    import xml.etree.ElementTree as ET

    skipped_files = [split_problem(p) for p in result.report.skipped_files]
    suites = ET.Element("testsuites", name="claims check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="claims check",
        tests=str(len(result.findings) + len(skipped_files)),
        failures=str(len(result.failing)),
        errors="0",
        skipped=str(len(result.known) + len(skipped_files)),
    )
    for path, reason in skipped_files:  # a bad file skipped (--skip-bad): a skipped case
        case = _file_case(suite, path)
        ET.SubElement(case, "skipped", message=xml_text(f"bad file skipped: {plain(reason)}"))
    for f in result.findings:
        new, other = f.claims
        case = ET.SubElement(
            suite,
            "testcase",
            classname=xml_text(f"claims.pipeline.check.{new.path}"),
            name=xml_text(f"{new.path}:{new.line} {f.kind} vs {other.path}:{other.line}"),
            file=xml_text(new.path),
            line=str(new.line),
        )
        why, detail = _why(f)
        body = xml_text(
            "\n".join(
                [
                    f"{_where(new, plain)}: {plain(new.text)}",
                    f"{_where(other, plain)}: {plain(other.text)}",
                    f"Why: {why}",
                    f"Detail: {detail}",
                ]
            )
        )
        if f.failing:
            failure = ET.SubElement(
                case,
                "failure",
                message=xml_text(f"{f.kind} contradiction, score {f.score:.2f}"),
                type=xml_text(f.kind),
            )
            failure.text = body
        elif f.known:
            ET.SubElement(case, "skipped", message="known pair (baseline)")
        else:
            ET.SubElement(case, "system-out").text = body
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _file_case(suite, path: str):  # noqa: ANN001, ANN202 - ElementTree elements
    """A <testcase> for a whole file (a bad one), named by its path."""
    import xml.etree.ElementTree as ET

    name = xml_text(plain(path))
    return ET.SubElement(suite, "testcase", classname=name, name=f"{name} (bad file)", file=name)


def escape_data(text: str) -> str:
    """GitHub workflow-command data: %, CR and LF are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub workflow-command property values: as data, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, title: str, message: str, line: int | None = None) -> str:
    """One GitHub workflow-command annotation (``::error file=…,line=…,title=…::message``)."""
    at = f",line={line}" if line is not None else ""
    props = f"file={escape_property(plain(path))}{at},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(plain(message))}"


def render_github(result: CheckResult) -> str:
    """One annotation per contradiction at the batch claim's file and line, and a warning
    at each bad file skipped (``--skip-bad``)."""
    lines = []
    for f in result.findings:
        new, other = f.claims
        why, detail = _why(f)
        level = "error" if f.failing else "notice" if f.known else "warning"
        title = f"Contradiction ({f.kind}, score {f.score:.2f})" + (" [known]" if f.known else "")
        message = (
            f"{new.text}\nContradicts {'batch' if other.new else 'stored'} claim at "
            f"{_where(other, plain)}: {other.text}\nWhy: {why}\nDetail: {detail}"
        )
        lines.append(annotation(level, new.path, title, message, new.line))
    for path, reason in map(split_problem, result.report.skipped_files):
        lines.append(annotation("warning", path, "Bad file skipped", reason))
    lines.append(f"::notice title=claims check::{escape_data(headline(result))}")
    return "\n".join(lines)


def render_markdown(result: CheckResult) -> str:
    """A summary for a pull-request comment or $GITHUB_STEP_SUMMARY; every text from a
    source goes through ``md``, so none renders as HTML, a link, an image or a mention."""
    mark = ":x:" if result.failed else ":white_check_mark:"
    lines = [f"### {mark} claims check", "", headline(result), ""]
    if result.findings:
        lines += [
            "| | Score | Kind | Claim in this batch | Contradicts | Why | Detail |",
            "|---|---:|---|---|---|---|---|",
        ]
        for f in result.findings:
            new, other = f.claims
            lines.append(
                f"| {_label(f)} | {f.score:.2f} | {md(f.kind)} "
                f"| {md(new.text)}<br><code>{md(_where(new))}</code> "
                f"| {md(other.text)}<br><code>{md(_where(other))}</code>"
                f"{' (batch)' if other.new else ''} | {md(_why(f)[0])} | {md(_why(f)[1])} |"
            )
    return "\n".join(lines + _skipped_md(result.report.skipped_files)) + "\n"


def _skipped_md(problems: Sequence[str]) -> list[str]:
    """The bad files skipped, as a Markdown list (empty when none)."""
    if not problems:
        return []
    lines = ["", f"**{plural(len(problems), 'bad file')} skipped:**", ""]
    return lines + [
        f"- :warning: <code>{md(path)}</code>: {md(reason)}"
        for path, reason in map(split_problem, problems)
    ]


def render_bad_batch(problems: Sequence[SourceUnreadable], fmt: str) -> str | None:
    """What a format shows of a batch that failed on bad files (no ``--skip-bad``): an
    ``::error`` annotation at each file (github), an <error> case each (junit), a list
    (markdown); None for text and JSON, which have the one-line error on stderr."""
    if fmt == "github":
        lines = [annotation("error", p.path, "Bad file", p.reason) for p in problems]
        text = f"{plural(len(problems), 'bad file')}; nothing checked"
        return "\n".join([*lines, f"::error title=claims check::{escape_data(text)}"])
    if fmt == "markdown":
        said = f"{plural(len(problems), 'bad file')}; nothing checked."
        head = ["### :x: claims check", "", said]
        items = [f"- :x: <code>{md(p.path)}</code>: {md(p.reason)}" for p in problems]
        return "\n".join([*head, "", *items]) + "\n"
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        suites = ET.Element("testsuites", name="claims check")
        n = str(len(problems))
        suite = ET.SubElement(
            suites, "testsuite", name="claims check", tests=n, failures="0", errors=n
        )
        for p in problems:
            ET.SubElement(_file_case(suite, p.path), "error", message=xml_text(plain(p.reason)))
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True)
    return None


def render(result: CheckResult, fmt: str) -> str:
    if fmt == "json":
        return dump(result_dict(result))
    if fmt == "junit":
        return render_junit(result)
    if fmt == "github":
        return render_github(result)
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "text":
        return render_text(result)
    raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")

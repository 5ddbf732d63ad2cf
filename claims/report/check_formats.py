"""Renderings of a check result: text, JSON, JUnit XML, GitHub annotations, markdown.

The JSON shape is an interface CI scripts read (documented in the README, "Checking a new
batch in CI"); it holds no database ids, which a rolled-back check does not keep.
"""

from __future__ import annotations

import textwrap

from claims.errors import BadInput
from claims.pipeline.check import CheckResult, ClaimRef, Finding
from claims.report.escape import md, xml_text
from claims.report.formats import CHECK_FORMATS as FORMATS
from claims.report.serialise import dump, result_dict


def _where(ref: ClaimRef) -> str:
    extra = ", ".join(
        p for p in (ref.outlet, ref.published.isoformat() if ref.published else None) if p
    )
    return f"{ref.path}:{ref.line}" + (f" ({extra})" if extra else "")


def _label(f: Finding) -> str:
    return "FAIL" if f.failing else "known" if f.known else "note"


def headline(result: CheckResult) -> str:
    n, failing, known = len(result.findings), len(result.failing), len(result.known)
    text = f"{n} contradiction(s) this batch would introduce: {failing} failing"
    text += f" (--fail-on {result.fail_on}), {known} known from the baseline"
    if result.dismissed:
        text += f", {result.dismissed} left out as dismissed by reviewers"
    return text + "."


def render_text(result: CheckResult) -> str:
    lines = [headline(result)]
    for f in result.findings:
        new, other = f.claims
        lines.append("")
        lines.append(f"{_label(f):5} {f.score:.2f} {f.kind}: {f.explanation}")
        for tag, ref in (("new", new), ("new" if other.new else "stored", other)):
            status = f" [{ref.status}]" if ref.status != "unreviewed" else ""
            lines.append(f"  {tag:6} {_where(ref)}{status}")
            lines.extend(
                textwrap.wrap(ref.text, 96, initial_indent=" " * 9, subsequent_indent=" " * 9)
            )
    for problem in result.report.skipped_files:
        lines.append(f"skipped bad file: {problem}")
    return "\n".join(lines)


def render_junit(result: CheckResult) -> str:
    """One <testcase> per contradiction; failing ones hold a <failure>, known ones <skipped>."""
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name="claims check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="claims check",
        tests=str(len(result.findings)),
        failures=str(len(result.failing)),
        errors="0",
        skipped=str(len(result.known)),
    )
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
        body = xml_text(
            "\n".join(
                [f"{_where(new)}: {new.text}", f"{_where(other)}: {other.text}", f.explanation]
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


def escape_data(text: str) -> str:
    """GitHub workflow-command data: %, CR and LF are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub workflow-command property values: as data, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    """One annotation per contradiction at the batch claim's file and line."""
    lines = []
    for f in result.findings:
        new, other = f.claims
        level = "error" if f.failing else "notice" if f.known else "warning"
        title = f"Contradiction ({f.kind}, score {f.score:.2f})" + (" [known]" if f.known else "")
        message = (
            f"{new.text}\nContradicts {'batch' if other.new else 'stored'} claim at "
            f"{_where(other)}: {other.text}\nWhy: {f.explanation}"
        )
        props = f"file={escape_property(new.path)},line={new.line},title={escape_property(title)}"
        lines.append(f"::{level} {props}::{escape_data(message)}")
    lines.append(f"::notice title=claims check::{escape_data(headline(result))}")
    return "\n".join(lines)


def render_markdown(result: CheckResult) -> str:
    """A summary for a pull-request comment or $GITHUB_STEP_SUMMARY; every text from a
    source goes through ``md``, so none renders as HTML, a link, an image or a mention."""
    mark = ":x:" if result.failed else ":white_check_mark:"
    lines = [f"### {mark} claims check", "", headline(result), ""]
    if result.findings:
        lines += [
            "| | Score | Kind | Claim in this batch | Contradicts | Why |",
            "|---|---:|---|---|---|---|",
        ]
        for f in result.findings:
            new, other = f.claims
            lines.append(
                f"| {_label(f)} | {f.score:.2f} | {md(f.kind)} "
                f"| {md(new.text)}<br><code>{md(_where(new))}</code> "
                f"| {md(other.text)}<br><code>{md(_where(other))}</code>"
                f"{' (batch)' if other.new else ''} | {md(f.explanation)} |"
            )
    return "\n".join(lines) + "\n"


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

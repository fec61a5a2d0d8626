"""``pdscopes``: the whole-project command (scan, check, suggest, explain)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Iterator

from . import catalogue as catalogue_module
from .catalogue import VERSION_PREFIX, Catalogue, Endpoint
from .codes import CODES
from .audit import group_by_manifest, project_findings, render, suggestion, write_target, write_atomically
from .engine import FileResult, Settings, analyse, manifest_for
from .finder import may_talk_to_pipedrive
from .finder.project import parse
from .finder.index import SKIPPED_FOLDERS, name_roots
from .manifest import ManifestError, display_path
from .observed import RecordError, join, load_records, not_found
from .policy import either, is_ignored, judge, likely_meant
from .sarif import sarif_log
from .urls import HOLE, parse_url, split_version

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif")


class UsageError(Exception):
    pass


def python_files(paths: list[str]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_file():
            yield path
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS and not d.endswith(".egg-info"))
                for name in sorted(files):
                    if name.endswith(".py"):
                        yield Path(root) / name
        else:
            raise UsageError(f"{given}: no such file or directory")


def analyse_paths(paths: list[str], settings: Settings) -> tuple[list[FileResult], list[dict]]:
    results, errors = [], []
    name_roots([Path(p) for p in paths if os.path.isdir(p)])
    for path in python_files(paths):
        name = display_path(path)
        try:
            source_bytes = path.read_bytes()
            source = source_bytes.decode("utf-8", "replace")
            if not may_talk_to_pipedrive(source, name):
                continue  # never parsed: in a monorepo most files cannot matter
            tree = parse(source_bytes, name)
        except SyntaxError as error:
            errors.append({"file": name, "error": f"syntax error on line {error.lineno}: {error.msg}"})
            continue
        except (OSError, ValueError, RecursionError, MemoryError) as error:
            errors.append({"file": name, "error": f"cannot be read: {error}"})
            continue
        result = analyse(tree, source, name, settings, parsed_from_bytes=True)
        if result.analysis_error:  # its calls are unknown: a list without them must say so
            errors.append({"file": name, "error": result.analysis_error})
        results.append(result)
    return results, errors


def with_observed(results: list[FileResult], records: list[str], settings: Settings) -> None:
    """The calls recorded by test runs (``--observed``) joined to the static results: each placed in the result
    of the file that sent it (made when static analysis found nothing there); one that static analysis did
    not find is PDS104, and judged by the manifest like a static call."""
    if not records:
        return
    catalogue = catalogue_module.load()
    by_file = {result.filename: result for result in results}
    static = {result.filename: list(result.calls) for result in results}
    for file, calls in join(static, load_records(records), catalogue).items():
        result = by_file.get(file)
        if result is None:
            result = by_file[file] = FileResult(file)
            results.append(result)
        if result.manifest is None and result.manifest_error is None:
            try:
                result.manifest = manifest_for(file, settings)
            except ManifestError as error:
                result.manifest_error = str(error)
        for resolved, found in calls:
            result.calls.append(resolved)
            if not found and not is_ignored(resolved, result.manifest):
                result.findings += [not_found(resolved), *judge(resolved, result.manifest, catalogue)]
        result.findings.sort(key=lambda f: (f.line, f.col, f.code))


def _endpoint_name(resolved) -> str | None:
    if resolved.status == "known":
        return resolved.endpoints[0].template
    if resolved.status == "unknown":
        return (resolved.path or "").replace(HOLE, "{}")
    return None


def scan_rows(results: list[FileResult]) -> list[dict]:
    rows = []
    for result in results:
        for resolved in result.calls:
            call = resolved.call
            rows.append(
                {
                    "file": result.filename,
                    "line": call.line,
                    "col": call.col + 1,
                    "method": call.method,
                    "api_version": resolved.version,
                    "endpoint": _endpoint_name(resolved),
                    "status": resolved.status,
                    "via": call.via,
                    **({"tests": list(call.tests)} if call.tests else {}),
                    "scopes": list(resolved.scopes) if resolved.status == "known" else [],
                    **(
                        {"candidates": sorted({f"{e.name} ({e.version})" for e in resolved.endpoints})}
                        if resolved.status == "unresolved"
                        else {}
                    ),
                }
            )
    return rows


def _emit(rows: list[tuple[str, int, int, str, str]], errors: list[dict], fmt: str, key: str) -> None:
    """Findings as ``file:line:col: CODE message`` lines, JSON or SARIF; read errors to stderr in text."""
    if fmt == "sarif":
        print(json.dumps(sarif_log(rows), indent=2))
    elif fmt == "json":
        listed = [{"file": f, "line": line, "col": col, "code": code, "message": m} for f, line, col, code, m in rows]
        print(json.dumps({key: listed, "errors": errors}, indent=2))
    else:
        for file, line, col, code, message in rows:
            print(f"{file}:{line}:{col}: {code} {message}")
        for error in errors:
            print(f"{error['file']}: {error['error']}", file=sys.stderr)


def cmd_scan(args: argparse.Namespace) -> int:
    results, errors = analyse_paths(args.paths, Settings())
    with_observed(results, args.observed, Settings())
    rows = scan_rows(results)
    if args.format == "json":
        print(json.dumps({"calls": rows, "errors": errors}, indent=2))
        return EXIT_CLEAN
    lines = []
    for row in rows:
        method = row["method"] or "?"
        target = row["endpoint"] or "(unresolved)"
        detail = either(row["scopes"]) if row["scopes"] else ", ".join(row.get("candidates", [])) or "-"
        seen = f" ({either(row['tests'])})" if row.get("tests") else ""
        message = f"{method} {target} ({row['api_version'] or '?'}) [{row['status']}, via {row['via']}] {detail}{seen}"
        lines.append((row["file"], row["line"], row["col"], "PDS000", message))
    if args.format == "sarif":
        _emit(lines, errors, "sarif", "calls")
        return EXIT_CLEAN
    for file, line, col, _, message in lines:
        print(f"{file}:{line}:{col}: {message}")
    for error in errors:
        print(f"{error['file']}: {error['error']}", file=sys.stderr)
    return EXIT_CLEAN


def cmd_check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    results, errors = analyse_paths(args.paths, settings)
    with_observed(results, args.observed, settings)
    catalogue = catalogue_module.load()
    selected = {code for code, info in CODES.items() if info.default_on} | set(args.select or ())
    rows = [
        (r.filename, f.line, f.col + 1, f.code, f.message) for r in results for f in r.findings if f.code in selected
    ]
    for group in group_by_manifest(results):
        for code, message in project_findings(group, catalogue):
            rows.append((group.name, 1, 1, code, message))
    _emit(rows, errors, args.format, "findings")
    if any(r.manifest_error for r in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if rows else EXIT_CLEAN


def cmd_suggest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    results, errors = analyse_paths(args.paths, settings)
    with_observed(results, args.observed, settings)
    catalogue = catalogue_module.load()
    groups = group_by_manifest(results)
    if not groups:
        print("pdscopes: no Pipedrive call found; nothing to suggest", file=sys.stderr)
        return EXIT_CLEAN
    first = Path(args.paths[0])
    default_folder = first if first.is_dir() else first.parent
    for index, group in enumerate(groups):
        document, unresolved = suggestion(group, catalogue)
        text = render(document)
        notes = [f"# unresolved, not counted: {label}" for label in unresolved]
        if args.write:
            target = write_target(group, default_folder)
            write_atomically(target, text)
            print(f"wrote {display_path(target)}", file=sys.stderr)
            for note in notes:
                print(note[2:], file=sys.stderr)
            continue
        if len(groups) > 1:
            print(("---\n" if index else "") + f"# for the files judged by {group.name}")
        print(text + "".join(note + "\n" for note in notes), end="")
    return EXIT_CLEAN


def _settings(args: argparse.Namespace) -> Settings:
    manifest = Path(args.manifest) if getattr(args, "manifest", None) else None
    if manifest is not None and not manifest.is_file():
        raise UsageError(f"--manifest {args.manifest}: no such file")
    return Settings(manifest)


# -- explain ------------------------------------------------------------------------------------------
def _explain_endpoint(catalogue: Catalogue, method: str, target: str) -> list[str]:
    api = parse_url(target) if "://" in target else split_version(target)
    version, path = (api.version, api.path) if api else ("v1", target)
    endpoint = catalogue.find_template(method, version, path) or catalogue.match(method, version, path)
    if endpoint is None:
        meant = likely_meant(catalogue, method, version, path)
        hint = f"; nearest known: {meant}" if meant else ""
        raise UsageError(f"{method} {path} ({version}): no such Pipedrive endpoint{hint}")
    return _endpoint_lines(catalogue, endpoint)


def _endpoint_lines(catalogue: Catalogue, endpoint: Endpoint) -> list[str]:
    lines = [f"{endpoint.method} {VERSION_PREFIX[endpoint.version]}{endpoint.template}  ({endpoint.version}, "
             f"operationId {endpoint.operation_id or '-'})"]  # fmt: skip
    if not endpoint.scopes_any_of:
        lines.append("  granted by: no OAuth scope is listed for it in any source")
    else:
        lines.append(f"  granted by any of (least privileged first): {', '.join(endpoint.scopes_any_of)}")
        for scope in endpoint.scopes_any_of:
            lines.append(f"    {scope}: {'; '.join(endpoint.sources[scope])}")
    if endpoint.retired or endpoint.deprecated:
        shown = "none listed"
        if endpoint.replacement:
            method, template = endpoint.replacement.split(" ", 1)
            shown = f"{method} {VERSION_PREFIX['v2']}{template}"
        state = f"deprecated: {endpoint.deprecated}"
        if endpoint.retired:
            state = f"retired: {endpoint.retired}; a call fails now"
        lines.append(f"  {state}; replacement: {shown}")
    return lines


def _explain_scope(catalogue: Catalogue, name: str) -> list[str]:
    scope = catalogue.scopes[name]
    lines = [f"{name}: {scope.title}" if scope.title else name]
    if scope.description:
        lines.append(f"  {scope.description}")
    lines.append(f"  (defined in the {scope.source})")
    granted = catalogue.grants_of(name)
    lines.append(f"  grants {len(granted)} endpoint(s):")
    for endpoint in sorted(granted, key=lambda e: (e.version, e.template, e.method)):
        via = "; ".join(endpoint.sources[name])
        lines.append(f"    {endpoint.method} {VERSION_PREFIX[endpoint.version]}{endpoint.template}  [{via}]")
    return lines


def cmd_explain(args: argparse.Namespace) -> int:
    catalogue = catalogue_module.load()
    subject = " ".join(args.subject).strip()
    parts = subject.split(None, 1)
    if len(parts) == 2 and parts[0].upper() in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        lines = _explain_endpoint(catalogue, parts[0].upper(), parts[1])
    elif subject in catalogue.scopes:
        lines = _explain_scope(catalogue, subject)
    else:
        close = catalogue.similar_scopes(subject)
        hint = f"; did you mean {', '.join(close)}?" if close else '; give a scope name or "METHOD /path"'
        raise UsageError(f"{subject!r}: not a known scope or endpoint{hint}")
    print("\n".join(lines))
    return EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pdscopes", description="Check Pipedrive API calls against the OAuth scopes an app declares."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="list every Pipedrive call found")
    scan.add_argument("paths", nargs="+")
    scan.add_argument("--format", choices=FORMATS, default="text")
    scan.set_defaults(run=cmd_scan)
    observed = {"action": "append", "default": [], "metavar": "FILE",
                "help": "also the calls a test run recorded (pytest --pdscopes-record FILE); repeatable"}  # fmt: skip
    scan.add_argument("--observed", **observed)
    check = commands.add_parser("check", help="report calls the manifest does not grant (exit 1 on findings)")
    check.add_argument("paths", nargs="+")
    check.add_argument("--manifest", help="judge every file by this manifest instead of the nearest one")
    check.add_argument("--select", action="append", choices=sorted(CODES), help="also report this code (PDS103)")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--observed", **observed)
    check.set_defaults(run=cmd_check)
    suggest = commands.add_parser("suggest", help="print (or --write) the least-privilege manifest")
    suggest.add_argument("paths", nargs="+")
    suggest.add_argument("--manifest", help="the manifest to update (default: the nearest one of each file)")
    suggest.add_argument("--write", action="store_true", help="create or update the manifest, atomically")
    suggest.add_argument("--observed", **observed)
    suggest.set_defaults(run=cmd_suggest)
    explain = commands.add_parser("explain", help='what grants "METHOD /path", or what a scope grants')
    explain.add_argument("subject", nargs="+")
    explain.set_defaults(run=cmd_explain)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, ManifestError, RecordError) as error:
        print(f"pdscopes: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `pdscopes scan . | head`
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())

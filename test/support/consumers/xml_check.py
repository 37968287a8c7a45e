#!/usr/bin/python3
"""Consumer check: is every XML part of an .xlsx package well-formed and namespace-correct?

Usage:  /usr/bin/python3 xml_check.py FILE.xlsx [--xml-only] [--quiet]
        (any python3 >= 3.8 works: standard library only)

For every ZIP entry whose name ends in .xml, .rels or .vml (and [Content_Types].xml) it runs
expat with namespace processing on (the parser behind xml.etree), which rejects
  - anything that is not well-formed XML (unclosed tags, bad entities, bad encoding, ...)
  - an element or attribute prefix that has no xmlns:prefix declaration in scope ("unbound prefix")
and additionally checks that
  - every prefix listed in mc:Ignorable / mc:ProcessContent / mc:MustUnderstand is declared in
    scope on that element (Excel refuses the file otherwise, expat does not look at attribute
    values)
  - the XML declaration, if any, names an encoding Python knows (UTF-8 / UTF-16)
Package checks (skip them with --xml-only):
  - ZIP readable, no duplicate entry names, [Content_Types].xml and _rels/.rels present
  - every part has a content type (Default by extension or Override); every Override names a part
  - every internal relationship target of every .rels exists in the package

Output: one line per problem "PART: problem" on stdout, then a summary line
  "xml_check: FILE: N parts checked, M problems". Exit 0 if no problem, 1 if any problem,
  2 if the file is not a readable ZIP, 64 on bad usage.
"""
import posixpath
import sys
import zipfile
import xml.parsers.expat as expat
import xml.etree.ElementTree as ET

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_EXT = (".xml", ".rels", ".vml")
SEP = "\x01"  # expat namespace separator: never appears in a URI or local name


def check_xml(name, data):
    """Return a list of problems of one part (empty if fine)."""
    problems = []
    scopes = [{"xml": "http://www.w3.org/XML/1998/namespace"}]  # stack of prefix->uri
    pending = {}

    parser = expat.ParserCreate(namespace_separator=SEP)
    # keep prefixes visible in element/attribute names so we can report them
    parser.namespace_prefixes = True

    def start_ns(prefix, uri):
        pending[prefix or ""] = uri

    def start_el(tag, attrs):
        scope = dict(scopes[-1])
        scope.update(pending)
        pending.clear()
        scopes.append(scope)
        for key, value in attrs.items():
            parts = key.split(SEP)
            if len(parts) >= 2 and parts[0] == MC and parts[1] in ("Ignorable", "ProcessContent", "MustUnderstand"):
                for token in value.split():
                    prefix = token.split(":", 1)[0] if parts[1] == "ProcessContent" else token
                    if prefix not in scope:
                        problems.append(f"mc:{parts[1]} names undeclared prefix '{prefix}' "
                                        f"(line {parser.CurrentLineNumber})")

    def end_el(tag):
        scopes.pop()

    parser.StartNamespaceDeclHandler = start_ns
    parser.StartElementHandler = start_el
    parser.EndElementHandler = end_el
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        msg = expat.ErrorString(exc.code)
        kind = "undeclared namespace prefix" if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX] \
            else "not well-formed"
        problems.append(f"{kind}: {msg} (line {exc.lineno}, column {exc.offset})")
    except (ValueError, LookupError) as exc:  # unknown encoding etc.
        problems.append(f"not well-formed: {exc}")
    return problems


def resolve(base_part, target):
    if target.startswith("/"):
        return target.lstrip("/")
    src_dir = posixpath.dirname(posixpath.dirname(base_part))  # "xl/_rels/x.rels" -> "xl"
    return posixpath.normpath(posixpath.join(src_dir, target.split("#", 1)[0]))


def package_checks(zf, names, parsed_ok):
    problems = []
    seen = set()
    for n in zf.namelist():
        if n in seen:
            problems.append((n, "duplicate ZIP entry"))
        seen.add(n)
    files = [n for n in names if not n.endswith("/")]
    lower = {n.lower(): n for n in files}
    if "[Content_Types].xml" not in names:
        problems.append(("[Content_Types].xml", "missing"))
    if "_rels/.rels" not in names:
        problems.append(("_rels/.rels", "missing"))
    if "[Content_Types].xml" in parsed_ok:
        root = ET.fromstring(zf.read("[Content_Types].xml"))
        defaults = {d.get("Extension", "").lower() for d in root.findall(f"{{{CT}}}Default")}
        overrides = {o.get("PartName", "").lstrip("/").lower() for o in root.findall(f"{{{CT}}}Override")}
        for o in overrides:
            if o not in lower:
                problems.append(("[Content_Types].xml", f"Override for missing part /{o}"))
        for n in files:
            if n == "[Content_Types].xml":
                continue
            ext = n.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(n) else ""
            if n.lower() not in overrides and ext not in defaults:
                problems.append((n, "no content type (no Override, no Default for its extension)"))
    for n in files:
        if not n.endswith(".rels") or n not in parsed_ok:
            continue
        root = ET.fromstring(zf.read(n))
        for rel in root.findall(f"{{{PR}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if not target:
                problems.append((n, f"relationship {rel.get('Id')} has an empty Target"))
                continue
            part = resolve(n, target)
            if part.lower() not in lower:
                problems.append((n, f"relationship {rel.get('Id')} points to missing part /{part}"))
    return problems


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print("usage: xml_check.py FILE.xlsx [--xml-only] [--quiet]", file=sys.stderr)
        return 64
    path = args[0]
    try:
        zf = zipfile.ZipFile(path)
        names = zf.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        print(f"xml_check: {path}: not a readable ZIP package: {exc}", file=sys.stderr)
        return 2
    problems = []
    parsed_ok = set()
    checked = 0
    for n in names:
        if n.endswith("/") or not n.lower().endswith(XML_EXT):
            continue
        checked += 1
        try:
            data = zf.read(n)
        except Exception as exc:  # noqa: BLE001 - CRC errors, bad compression
            problems.append((n, f"unreadable ZIP entry: {exc}"))
            continue
        found = check_xml(n, data)
        if found:
            problems.extend((n, p) for p in found)
        else:
            parsed_ok.add(n)
    if "--xml-only" not in argv:
        problems.extend(package_checks(zf, names, parsed_ok))
    for part, msg in problems:
        print(f"{part}: {msg}")
    if "--quiet" not in argv or problems:
        print(f"xml_check: {path}: {checked} parts checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

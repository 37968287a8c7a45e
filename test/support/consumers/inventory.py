#!/usr/bin/python3
"""Consumer check: inventory of an .xlsx as openpyxl (and a raw ZIP/XML reader) sees it.

Usage:  /usr/bin/python3 inventory.py FILE.xlsx [--compact]
        (Debian's python: it has openpyxl 3.0.x; the pyenv python3 on PATH does not)

Prints ONE JSON object on stdout:
  file, size, openpyxl_version, openpyxl_warnings   warnings openpyxl raised while loading
                                                    (e.g. "Data Validation extension is not
                                                    supported and will be removed")
  sheets[]           in workbook order, for each sheet:
      name, kind (worksheet/chartsheet), state (visible/hidden/veryHidden), dimensions,
      cells            number of non-empty cells, formulas: number of formula cells
      values_sha256    SHA-256 over every non-empty cell, row by row, left to right, one line
                       "A1<TAB>data_type<TAB>value" each (formulas as their text "=...")
      cached_values_sha256  the same over the cached values (openpyxl data_only=True)
      merged, charts, images, comments {cell: {author, text}}, data_validations[],
      hyperlinks {cell: target/location}, conditional_formats [{range, rules}], tables [],
      pivots, freeze_panes, protected, print {area, titles, orientation}
      raw              what the package itself holds for that sheet, read without openpyxl:
                       part, merges, hyperlinks, data_validations (+x14), conditional_formats
                       (+x14), table_parts, charts, pictures, shapes, comments, pivot_tables,
                       legacy_drawing, protected. openpyxl drops some of these (x14
                       extensions, shapes, form controls, threaded comments): compare both.
  defined_names[]    openpyxl's view: name, scope ("workbook" or a sheet name), value
  raw_defined_names[]  from xl/workbook.xml directly (includes _xlnm.* print names)
  parts[]            every ZIP entry in archive order: name, size, sha256 of its bytes
                     (directory entries are listed with "dir": true)

Exit status: 0 on success; 2 (message on stderr) if the file is not a ZIP or openpyxl cannot
load it; 1 on bad usage.
"""
import hashlib
import json
import os
import posixpath
import signal
import sys
import warnings
import zipfile
import xml.etree.ElementTree as ET

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def q(ns, tag):
    return f"{{{ns}}}{tag}"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def safe(fn, default=None):
    """Run fn(); on any error return {'error': ...} (so one broken feature never hides the rest)."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - inventory must never crash on one feature
        return {"error": f"{type(exc).__name__}: {exc}"} if default is None else default


# ---------------------------------------------------------------- raw package reading
class Package:
    def __init__(self, path):
        self.zf = zipfile.ZipFile(path)
        self.names = set(self.zf.namelist())

    def xml(self, name):
        if name not in self.names:
            return None
        try:
            return ET.fromstring(self.zf.read(name))
        except ET.ParseError:
            return None

    def rels(self, part):
        """{rId: (type, absolute target part or external URL, mode)} of a part."""
        d, b = posixpath.split(part)
        root = self.xml(posixpath.join(d, "_rels", b + ".rels"))
        out = {}
        if root is None:
            return out
        for r in root.findall(q(NS_PKG_REL, "Relationship")):
            target = r.get("Target", "")
            mode = r.get("TargetMode", "Internal")
            if mode != "External":
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.normpath(posixpath.join(d, target))
            out[r.get("Id")] = (r.get("Type", "").rsplit("/", 1)[-1], target, mode)
        return out

    def workbook_part(self):
        root = self.xml("_rels/.rels")
        if root is not None:
            for r in root.findall(q(NS_PKG_REL, "Relationship")):
                if r.get("Type", "").endswith("/officeDocument"):
                    return r.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def parts(self):
        out = []
        for info in self.zf.infolist():
            if info.is_dir():
                out.append({"name": info.filename, "dir": True})
            else:
                data = self.zf.read(info.filename)
                out.append({"name": info.filename, "size": len(data), "sha256": sha256(data)})
        return out


def raw_workbook(pkg):
    """Sheets (name, state, part) and defined names straight from the workbook part."""
    wbp = pkg.workbook_part()
    root = pkg.xml(wbp)
    rels = pkg.rels(wbp)
    sheets, names = [], []
    if root is None:
        return sheets, names
    for s in root.iter(q(NS_MAIN, "sheet")):
        rid = s.get(q(NS_REL, "id"))
        rel = rels.get(rid, ("", None, ""))
        sheets.append({"name": s.get("name"), "state": s.get("state", "visible"),
                       "part": rel[1], "rel_type": rel[0]})
    for dn in root.iter(q(NS_MAIN, "definedName")):
        lid = dn.get("localSheetId")
        scope = "workbook"
        if lid is not None:
            try:
                scope = sheets[int(lid)]["name"]
            except (ValueError, IndexError):
                scope = f"localSheetId={lid} (no such sheet)"
        entry = {"name": dn.get("name"), "scope": scope, "value": dn.text or ""}
        if dn.get("hidden") in ("1", "true"):
            entry["hidden"] = True
        names.append(entry)
    return sheets, names


def raw_sheet(pkg, part):
    info = {"part": part}
    root = pkg.xml(part)
    if root is None:
        info["error"] = "part missing or not well-formed"
        return info
    info["merges"] = len(root.findall(f".//{q(NS_MAIN, 'mergeCell')}"))
    info["hyperlinks"] = len(root.findall(f".//{q(NS_MAIN, 'hyperlink')}"))
    info["data_validations"] = len(root.findall(f"{q(NS_MAIN, 'dataValidations')}/{q(NS_MAIN, 'dataValidation')}"))
    x14dv = len(root.findall(f".//{q(NS_X14, 'dataValidation')}"))
    if x14dv:
        info["data_validations_x14"] = x14dv
    info["conditional_formats"] = len(root.findall(q(NS_MAIN, "conditionalFormatting")))
    x14cf = len(root.findall(f".//{q(NS_X14, 'conditionalFormatting')}"))
    if x14cf:
        info["conditional_formats_x14"] = x14cf
    info["table_parts"] = len(root.findall(f".//{q(NS_MAIN, 'tablePart')}"))
    info["protected"] = root.find(q(NS_MAIN, "sheetProtection")) is not None
    info["legacy_drawing"] = root.find(q(NS_MAIN, "legacyDrawing")) is not None
    charts = pics = shapes = comments = pivots = 0
    threaded = 0
    for _rid, (rtype, target, mode) in pkg.rels(part).items():
        if mode == "External":
            continue
        if rtype == "drawing":
            d = pkg.xml(target)
            if d is not None:
                charts += len(d.findall(f".//{q(NS_C, 'chart')}"))
                pics += len(d.findall(f".//{q(NS_XDR, 'pic')}"))
                shapes += len(d.findall(f".//{q(NS_XDR, 'sp')}"))
        elif rtype == "comments":
            c = pkg.xml(target)
            if c is not None:
                comments += len(c.findall(f".//{q(NS_MAIN, 'comment')}"))
        elif rtype == "pivotTable":
            pivots += 1
        elif rtype == "threadedComment":
            t = pkg.xml(target)
            threaded += 0 if t is None else len(list(t))
    info.update(charts=charts, pictures=pics, shapes=shapes, comments=comments, pivot_tables=pivots)
    if threaded:
        info["threaded_comments"] = threaded
    return info


# ---------------------------------------------------------------- openpyxl view
def norm_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "text") and not isinstance(v, str):  # ArrayFormula / DataTableFormula
        return str(getattr(v, "text", v))
    return str(v)


def value_hash(ws):
    h = hashlib.sha256()
    cells = formulas = 0
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if v is None or cell.__class__.__name__ == "MergedCell":
                continue
            cells += 1
            if cell.data_type == "f":
                formulas += 1
            h.update(f"{cell.coordinate}\t{cell.data_type}\t{norm_value(v)}\n".encode("utf-8"))
    return h.hexdigest(), cells, formulas


def comments_of(ws):
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            c = getattr(cell, "comment", None)
            if c is not None:
                out[cell.coordinate] = {"author": c.author, "text": c.text}
    return out


def hyperlinks_of(ws):
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            hl = getattr(cell, "hyperlink", None)
            if hl is not None:
                target = hl.target or ""
                if hl.location:
                    target = (target + "#" if target else "#") + hl.location
                out[cell.coordinate] = target
    # links on cells outside the cell grid (openpyxl keeps them on ws._hyperlinks when writing)
    for hl in getattr(ws, "_hyperlinks", []) or []:
        out.setdefault(hl.ref, hl.target or ("#" + (hl.location or "")))
    return out


def data_validations_of(ws):
    out = []
    for dv in ws.data_validations.dataValidation:
        out.append({"range": str(dv.sqref), "type": dv.type, "operator": dv.operator,
                    "formula1": dv.formula1, "formula2": dv.formula2})
    return out


def conditional_formats_of(ws):
    out = []
    for cf in ws.conditional_formatting:
        rules = cf.rules
        out.append({"range": str(cf.sqref), "rules": len(rules),
                    "types": [r.type for r in rules]})
    return out


def tables_of(ws):
    out = []
    for name, tbl in ws.tables.items():
        ref = tbl if isinstance(tbl, str) else tbl.ref
        out.append({"name": name, "ref": ref})
    return out


def print_of(ws):
    p = {}
    if ws.print_area:
        p["area"] = ws.print_area
    titles = ws.print_titles
    if titles:
        p["titles"] = titles
    if ws.page_setup.orientation:
        p["orientation"] = ws.page_setup.orientation
    return p


def defined_names_of(wb, sheet_names):
    out = []
    dn = wb.defined_names
    items = getattr(dn, "definedName", None)
    if items is None:  # openpyxl >= 3.1: a dict on the workbook, sheet-scoped ones on sheets
        items = list(dn.values())
    for d in items:
        scope = "workbook"
        if d.localSheetId is not None:
            try:
                scope = sheet_names[int(d.localSheetId)]
            except (ValueError, IndexError):
                scope = f"localSheetId={d.localSheetId}"
        out.append({"name": d.name, "scope": scope, "value": d.attr_text})
    for ws in wb.worksheets:  # openpyxl >= 3.1
        local = getattr(ws, "defined_names", None)
        if isinstance(local, dict):
            for d in local.values():
                out.append({"name": d.name, "scope": ws.title, "value": d.attr_text})
    return out


def sheet_entry(ws, cached_ws, raw):
    kind = "chartsheet" if ws.__class__.__name__ == "Chartsheet" else "worksheet"
    e = {"name": ws.title, "kind": kind, "state": ws.sheet_state}
    if kind == "chartsheet":
        e["charts"] = len(getattr(ws, "_charts", []))
        e["raw"] = raw
        return e
    e["dimensions"] = safe(lambda: ws.dimensions)
    digest, cells, formulas = value_hash(ws)
    e["cells"] = cells
    e["formulas"] = formulas
    e["values_sha256"] = digest
    if cached_ws is not None:
        e["cached_values_sha256"] = safe(lambda: value_hash(cached_ws)[0])
    e["merged"] = safe(lambda: sorted(str(r) for r in ws.merged_cells.ranges))
    e["charts"] = len(getattr(ws, "_charts", []))
    e["images"] = len(getattr(ws, "_images", []))
    e["comments"] = safe(lambda: comments_of(ws))
    e["data_validations"] = safe(lambda: data_validations_of(ws))
    e["hyperlinks"] = safe(lambda: hyperlinks_of(ws))
    e["conditional_formats"] = safe(lambda: conditional_formats_of(ws))
    e["tables"] = safe(lambda: tables_of(ws))
    e["pivots"] = len(getattr(ws, "_pivots", []))
    e["freeze_panes"] = safe(lambda: ws.freeze_panes)
    e["protected"] = bool(safe(lambda: ws.protection.sheet, False))
    e["print"] = safe(lambda: print_of(ws))
    e["raw"] = raw
    return e


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 1
    path = args[0]
    compact = "--compact" in argv
    if not os.path.isfile(path):
        print(f"inventory: no such file: {path}", file=sys.stderr)
        return 2
    try:
        pkg = Package(path)
    except (zipfile.BadZipFile, OSError) as exc:
        print(f"inventory: not a ZIP package: {path}: {exc}", file=sys.stderr)
        return 2
    try:
        import openpyxl
    except ImportError:
        print("inventory: openpyxl is not importable (use /usr/bin/python3)", file=sys.stderr)
        return 2
    caught = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(path)
        except Exception as exc:  # noqa: BLE001
            print(f"inventory: openpyxl cannot load {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
        try:
            cached = openpyxl.load_workbook(path, data_only=True)
        except Exception:  # noqa: BLE001
            cached = None
        caught = sorted({str(x.message) for x in w})

    raw_sheets, raw_names = raw_workbook(pkg)
    raw_by_name = {s["name"]: s for s in raw_sheets}
    sheet_names = list(wb.sheetnames)
    sheets = []
    for name in sheet_names:
        ws = wb[name]
        cws = cached[name] if cached is not None and name in cached.sheetnames else None
        rs = raw_by_name.get(name)
        raw = safe(lambda: raw_sheet(pkg, rs["part"])) if rs and rs.get("part") else {"error": "sheet not in workbook.xml"}
        if rs:
            raw["state"] = rs["state"]
        sheets.append(safe(lambda: sheet_entry(ws, cws, raw)))
    out = {
        "file": os.path.basename(path),
        "size": os.path.getsize(path),
        "openpyxl_version": openpyxl.__version__,
        "openpyxl_warnings": caught,
        "sheets": sheets,
        "defined_names": safe(lambda: defined_names_of(wb, sheet_names)),
        "raw_defined_names": raw_names,
        "parts": pkg.parts(),
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=None if compact else 1, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `inventory.py f.xlsx | head` is fine
    sys.exit(main(sys.argv))

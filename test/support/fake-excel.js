/* eslint-disable @typescript-eslint/no-this-alias -- constructor functions keep `this` for their closures, as Office.js proxies do */
/* A recording fake of the Excel JavaScript API subset the add-in uses, as plain JavaScript so that
 * the same file runs under vitest (imported) and in Chromium (injected with addInitScript).
 *
 * It keeps a workbook in memory (sheets with cell values, notes, merged areas, conditional
 * formats, formats, visibility, protection) and behaves like Office.js where it matters for the
 * adapter: loaded properties can be read only after context.sync(); writes are queued and counted.
 * It records the number of syncs and the largest request payload (the queued operations as JSON).
 *
 * createFakeExcel({ sheets: [{ name, rows, merges, notes, protected }], active, sets }) returns
 * { Excel, Office, state, stats }.
 */
(function (root) {
  "use strict";

  function colIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function colLetter(c) {
    let n = c + 1;
    let s = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }
  function parseRef(ref) {
    const local = ref.includes("!") ? ref.slice(ref.lastIndexOf("!") + 1) : ref;
    const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(local.replace(/\$/g, ""));
    if (!m) throw new Error("InvalidArgument: bad address " + ref);
    const top = Number(m[2]) - 1;
    const left = colIndex(m[1]);
    return { top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? colIndex(m[3]) : left };
  }
  function addr(r, c) {
    return colLetter(c) + (r + 1);
  }
  function rangeAddress(a) {
    return a.top === a.bottom && a.left === a.right ? addr(a.top, a.left) : addr(a.top, a.left) + ":" + addr(a.bottom, a.right);
  }

  function createFakeExcel(options) {
    const opts = options || {};
    const sets = opts.sets || { ExcelApi: "1.18", SharedRuntime: "1.1" };
    const state = { sheets: [], active: null };
    const stats = { syncs: 0, maxRequestBytes: 0, maxResponseBytes: 0, requests: [] };
    // Excel on the web refuses a response over 5 MB; tests may set a smaller limit.
    const responseLimit = opts.responseLimit || Infinity;

    function newSheet(name) {
      return {
        name,
        cells: new Map(),
        notes: new Map(),
        merges: [],
        cfs: [],
        formats: new Map(),
        visibility: "Visible",
        protected: false,
        hidden: new Set(),
        charts: [],
        activated: 0,
      };
    }
    for (const s of opts.sheets || []) {
      const sheet = newSheet(s.name);
      (s.rows || []).forEach((row, r) =>
        row.forEach((v, c) => {
          if (v !== null && v !== undefined && v !== "") sheet.cells.set(r + "," + c, v);
        }),
      );
      sheet.merges = (s.merges || []).map(parseRef);
      sheet.hidden = new Set((s.hiddenColumns || []).map(colIndex));
      for (const [a, text] of Object.entries(s.notes || {})) sheet.notes.set(a, text);
      sheet.protected = !!s.protected;
      state.sheets.push(sheet);
    }
    state.active = opts.active || (state.sheets[0] && state.sheets[0].name);

    function sheetByName(name) {
      return state.sheets.find((s) => s.name === name);
    }

    // --- request context -------------------------------------------------------------------
    function Context() {
      this.pending = [];
      this.responses = [];
      this.afterSync = [];
      this.workbook = new Workbook(this);
      const ctx = this;
      this.application = {
        suspendApiCalculationUntilNextSync() {
          ctx.op("suspendCalc");
        },
        suspendScreenUpdatingUntilNextSync() {
          ctx.op("suspendScreen");
        },
      };
    }
    Context.prototype.op = function (name, payload, apply) {
      this.pending.push({ name, payload: payload === undefined ? null : payload });
      if (apply) this.afterSync.push(apply);
    };
    Context.prototype.sync = function () {
      const bytes = new TextEncoder().encode(JSON.stringify(this.pending)).length;
      stats.syncs += 1;
      stats.maxRequestBytes = Math.max(stats.maxRequestBytes, bytes);
      stats.requests.push({ ops: this.pending.length, bytes });
      // The values loaded by this request, as they would travel back.
      const responseBytes = this.responses.reduce((n, f) => n + new TextEncoder().encode(JSON.stringify(f())).length, 0);
      stats.maxResponseBytes = Math.max(stats.maxResponseBytes, responseBytes);
      this.responses = [];
      if (responseBytes > responseLimit) {
        this.pending = [];
        this.afterSync = [];
        const e = new Error("The response payload size has exceeded the limit.");
        e.code = "ResponsePayloadSizeLimitExceeded";
        return Promise.reject(e);
      }
      const todo = this.afterSync;
      this.pending = [];
      this.afterSync = [];
      for (const f of todo) f();
      return Promise.resolve();
    };

    function loadable(obj, ctx, props) {
      obj.__loaded = false;
      obj.load = function () {
        ctx.op("load", Array.from(arguments));
        if (obj.__values && String(arguments[0]).split(",").includes("values")) ctx.responses.push(() => obj.__values());
        ctx.afterSync.push(() => {
          obj.__loaded = true;
          if (obj.__onLoad) obj.__onLoad();
        });
        return obj;
      };
      for (const p of props) {
        Object.defineProperty(obj, p, {
          get() {
            if (!obj.__loaded) throw new Error("PropertyNotLoaded: " + p);
            return obj["__" + p]();
          },
          configurable: true,
        });
      }
    }

    function Workbook(ctx) {
      this.worksheets = new Worksheets(ctx);
      this.notes = null;
    }

    function Worksheets(ctx) {
      const self = this;
      this.getActiveWorksheet = () => new Worksheet(ctx, () => sheetByName(state.active));
      this.getItem = (name) =>
        new Worksheet(ctx, () => {
          const s = sheetByName(name);
          if (!s) throw new Error("ItemNotFound: " + name);
          return s;
        });
      this.getItemOrNullObject = (name) => {
        const ws = new Worksheet(ctx, () => sheetByName(name));
        Object.defineProperty(ws, "isNullObject", { get: () => !sheetByName(name) });
        return ws;
      };
      this.add = (name) => {
        ctx.op("addSheet", name);
        if (sheetByName(name)) throw new Error("ItemAlreadyExists: " + name);
        state.sheets.push(newSheet(name));
        return self.getItem(name);
      };
      loadable(this, ctx, ["items"]);
      this.__items = () => state.sheets.map((s) => ({ name: s.name, visibility: s.visibility }));
    }

    function Worksheet(ctx, resolve) {
      const ws = this;
      loadable(this, ctx, ["name", "visibility"]);
      this.__name = () => resolve().name;
      this.__visibility = () => resolve().visibility;
      Object.defineProperty(this, "visibility", {
        get() {
          if (!ws.__loaded) throw new Error("PropertyNotLoaded: visibility");
          return resolve().visibility;
        },
        set(v) {
          ctx.op("setVisibility", v);
          resolve().visibility = v;
        },
      });
      const protection = {};
      loadable(protection, ctx, ["protected"]);
      protection.__protected = () => resolve().protected;
      this.protection = protection;
      this.getUsedRangeOrNullObject = () => {
        const s = resolve();
        let top = Infinity,
          left = Infinity,
          bottom = -1,
          right = -1;
        for (const k of s.cells.keys()) {
          const [r, c] = k.split(",").map(Number);
          top = Math.min(top, r);
          left = Math.min(left, c);
          bottom = Math.max(bottom, r);
          right = Math.max(right, c);
        }
        const range = bottom < 0 ? null : { top, left, bottom, right };
        const r = new Range(ctx, resolve, range || { top: 0, left: 0, bottom: 0, right: 0 });
        Object.defineProperty(r, "isNullObject", { get: () => range === null });
        return r;
      };
      this.getRangeByIndexes = (row, col, rows, cols) =>
        new Range(ctx, resolve, { top: row, left: col, bottom: row + rows - 1, right: col + cols - 1 });
      this.getRange = (ref) => new Range(ctx, resolve, ref ? parseRef(ref) : { top: 0, left: 0, bottom: 1048575, right: 16383 }, !ref);
      this.getRanges = (refs) => {
        const areas = refs.split(",").map((x) => parseRef(x.trim()));
        return { conditionalFormats: new ConditionalFormats(ctx, resolve, areas) };
      };
      this.notes = new Notes(ctx, resolve);
      this.activate = () => {
        ctx.op("activate");
        state.active = resolve().name;
      };
      this.delete = () => {
        ctx.op("deleteSheet");
        const s = resolve();
        if (s.visibility === "VeryHidden") throw new Error("InvalidOperation: cannot delete a very hidden sheet");
        state.sheets = state.sheets.filter((x) => x !== s);
      };
      // View and print settings, recorded on the sheet's state as Excel would keep them.
      this.freezePanes = {
        freezeRows(n) {
          ctx.op("freezeRows", n, () => (resolve().frozenRows = n));
        },
      };
      this.autoFilter = {
        apply(range) {
          ctx.op("autoFilter", range.__area, () => (resolve().autoFilter = range.__area));
        },
      };
      const layout = {};
      for (const k of ["orientation", "paperSize", "zoom"])
        Object.defineProperty(layout, k, {
          set(v) {
            ctx.op("pageLayout", k, () => ((resolve().pageLayout ??= {})[k] = v));
          },
        });
      layout.setPrintTitleRows = (rows) => ctx.op("printTitles", rows, () => ((resolve().pageLayout ??= {}).titleRows = rows));
      this.pageLayout = layout;
      this.charts = {
        add(type, range, seriesBy) {
          const chart = {
            type,
            seriesBy,
            title: { text: "" },
            setPosition(a, b) {
              chart.position = [a, b];
            },
          };
          ctx.op("addChart", type, () => resolve().charts.push(chart));
          return chart;
        },
      };
    }

    function Range(ctx, resolve, area, whole) {
      const range = this;
      this.__area = area;
      loadable(this, ctx, ["values", "rowIndex", "columnIndex", "rowCount", "columnCount", "address", "columnHidden"]);
      this.__columnHidden = () => {
        const s = resolve();
        for (let c = area.left; c <= area.right; c++) if (!s.hidden.has(c)) return false;
        return true;
      };
      this.getColumn = (j) => new Range(ctx, resolve, { top: area.top, left: area.left + j, bottom: area.bottom, right: area.left + j });
      this.__rowIndex = () => area.top;
      this.__columnIndex = () => area.left;
      this.__rowCount = () => area.bottom - area.top + 1;
      this.__columnCount = () => area.right - area.left + 1;
      this.__address = () => resolve().name + "!" + rangeAddress(area);
      this.__values = () => {
        const s = resolve();
        const out = [];
        for (let r = area.top; r <= area.bottom; r++) {
          const row = [];
          for (let c = area.left; c <= area.right; c++) {
            const v = s.cells.get(r + "," + c);
            row.push(v === undefined ? "" : v);
          }
          out.push(row);
        }
        return out;
      };
      Object.defineProperty(this, "values", {
        get() {
          if (!range.__loaded) throw new Error("PropertyNotLoaded: values");
          return range.__values();
        },
        set(vals) {
          ctx.op("setValues", vals);
          const s = resolve();
          if (s.protected) throw new Error("AccessDenied: sheet is protected");
          vals.forEach((row, i) =>
            row.forEach((v, j) => {
              const key = area.top + i + "," + (area.left + j);
              const text = typeof v === "string" && v.startsWith("'") ? v.slice(1) : v;
              if (typeof v === "string" && /^[=+\-@]/.test(v)) s.cells.set(key, { formula: v });
              else if (text === "" || text === null) s.cells.delete(key);
              else s.cells.set(key, text);
            }),
          );
        },
      });
      Object.defineProperty(this, "formulas", {
        set(vals) {
          ctx.op("setFormulas", vals);
          const s = resolve();
          vals.forEach((row, i) => row.forEach((f, j) => s.cells.set(area.top + i + "," + (area.left + j), { formula: f })));
        },
      });
      this.dataValidation = {};
      Object.defineProperty(this.dataValidation, "rule", {
        set(rule) {
          ctx.op("setValidation", rule);
          resolve().formats.set(rangeAddress(area) + ":validation", rule);
        },
      });
      Object.defineProperty(this, "numberFormat", {
        set(f) {
          ctx.op("setNumberFormat", f);
          resolve().formats.set(rangeAddress(area) + ":nf", f);
        },
      });
      this.format = {
        font: {},
        fill: {},
        autofitRows() {
          ctx.op("autofitRows", rangeAddress(area));
        },
      };
      Object.defineProperty(this.format.font, "bold", {
        set(b) {
          ctx.op("setBold", b);
          resolve().formats.set(rangeAddress(area) + ":bold", b);
        },
      });
      Object.defineProperty(this.format.fill, "color", {
        set(c) {
          ctx.op("setFill", c);
          resolve().formats.set(rangeAddress(area) + ":fill", c);
        },
      });
      Object.defineProperty(this.format, "columnWidth", {
        set(w) {
          ctx.op("setWidth", w);
          resolve().formats.set(rangeAddress(area) + ":width", w);
        },
      });
      this.clear = () => {
        ctx.op("clear", rangeAddress(area));
        const s = resolve();
        for (const k of [...s.cells.keys()]) {
          const [r, c] = k.split(",").map(Number);
          if (r >= area.top && r <= area.bottom && c >= area.left && c <= area.right) s.cells.delete(k);
        }
        if (whole) s.formats.clear();
      };
      this.select = () => {
        ctx.op("select", rangeAddress(area));
        state.selected = resolve().name + "!" + rangeAddress(area);
      };
      this.getMergedAreasOrNullObject = () => {
        const s = resolve();
        const inside = s.merges.filter((m) => m.top >= area.top && m.bottom <= area.bottom && m.left >= area.left && m.right <= area.right);
        const areas = { items: [] };
        const obj = { areas };
        loadable(obj, ctx, []);
        obj.__onLoad = () => {
          areas.items = inside.map((m) => ({ address: s.name + "!" + rangeAddress(m) }));
        };
        Object.defineProperty(obj, "isNullObject", { get: () => inside.length === 0 });
        return obj;
      };
      Object.defineProperty(this, "conditionalFormats", { get: () => new ConditionalFormats(ctx, resolve, [area]) });
    }

    function ConditionalFormats(ctx, resolve, areas) {
      const coll = this;
      loadable(this, ctx, ["items"]);
      this.__items = () =>
        resolve().cfs.map((cf) => {
          const custom = cf.type === "Custom" ? { isNullObject: false, rule: { formula: cf.formula } } : { isNullObject: true, rule: {} };
          return {
            type: cf.type,
            customOrNullObject: custom,
            delete: () => {
              ctx.op("deleteCf", cf.id);
              const s = resolve();
              s.cfs = s.cfs.filter((x) => x !== cf);
            },
          };
        });
      this.add = (type) => {
        const cf = { id: Math.random(), type, ranges: areas.map(rangeAddress), formula: "", color: "" };
        const handle = { custom: { rule: {}, format: { fill: {} } } };
        Object.defineProperty(handle.custom.rule, "formula", {
          set(f) {
            ctx.op("setCfFormula", f);
            cf.formula = f;
          },
        });
        Object.defineProperty(handle.custom.format.fill, "color", {
          set(c) {
            ctx.op("setCfColor", c);
            cf.color = c;
          },
        });
        ctx.op("addCf", { type, ranges: cf.ranges });
        resolve().cfs.push(cf);
        return handle;
      };
      void coll;
    }

    function Notes(ctx, resolve) {
      const notes = this;
      loadable(this, ctx, ["items"]);
      this.__items = () =>
        [...resolve().notes.entries()].map(([a, content]) => ({
          content,
          getLocation: () => {
            const loc = {};
            loadable(loc, ctx, ["address"]);
            loc.__address = () => resolve().name + "!" + a;
            return loc;
          },
        }));
      this.add = (a, content) => {
        ctx.op("addNote", { a, content });
        if (opts.failOnNote && a === opts.failOnNote) throw new Error("GeneralException: the host failed");
        const s = resolve();
        if (s.notes.has(a)) throw new Error("InvalidArgument: the cell already has a note " + a);
        s.notes.set(a, content);
      };
      this.getItem = (a) => ({
        delete: () => {
          ctx.op("deleteNote", a);
          if (!resolve().notes.delete(a)) throw new Error("ItemNotFound: note " + a);
        },
      });
      this.getItemOrNullObject = (a) => {
        const n = {
          delete: () => {
            ctx.op("deleteNote", a);
            resolve().notes.delete(a);
          },
        };
        loadable(n, ctx, ["content"]);
        n.__content = () => resolve().notes.get(a);
        Object.defineProperty(n, "isNullObject", { get: () => !resolve().notes.has(a) });
        return n;
      };
      void notes;
    }

    const Excel = {
      run(optionsOrBatch, maybeBatch) {
        const batch = typeof optionsOrBatch === "function" ? optionsOrBatch : maybeBatch;
        const ctx = new Context();
        return Promise.resolve().then(() => batch(ctx));
      },
      ConditionalFormatType: { custom: "Custom" },
      ChartType: { columnClustered: "ColumnClustered" },
      ChartSeriesBy: { columns: "Columns", auto: "Auto" },
      PageOrientation: { landscape: "Landscape", portrait: "Portrait" },
      PaperType: { a4: "A4" },
      SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    };
    const Office = {
      context: {
        displayLanguage: opts.displayLanguage || "zh-CN",
        requirements: {
          isSetSupported(name, version) {
            const have = sets[name];
            if (!have) return false;
            const a = String(have).split(".").map(Number);
            const b = String(version || "1.1")
              .split(".")
              .map(Number);
            return a[0] > b[0] || (a[0] === b[0] && (a[1] || 0) >= (b[1] || 0));
          },
        },
      },
      onReady(cb) {
        const info = { host: "Excel", platform: "OfficeOnline" };
        if (cb) cb(info);
        return Promise.resolve(info);
      },
      addin: { setStartupBehavior: () => Promise.resolve() },
      StartupBehavior: { load: "Load" },
    };
    return { Excel, Office, state, stats, addr, parseRef };
  }

  root.createFakeExcel = createFakeExcel;
})(typeof globalThis !== "undefined" ? globalThis : this);

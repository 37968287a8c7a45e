/**
 * Emits a localized copy of the generated functions.json for each locale (functions.zh-cn.json),
 * overlaying names, descriptions and parameter descriptions from one translation table keyed by
 * function id. A function without a translation fails the build.
 */
const path = require("node:path");
const fs = require("node:fs");
const { Compilation, sources } = require("webpack");

class LocalizeFunctionsPlugin {
  /** @param {{ locales: Record<string, string> }} options locale → translation table path */
  constructor(options) {
    this.locales = options.locales;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap("LocalizeFunctionsPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "LocalizeFunctionsPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        (assets) => {
          const generated = assets["functions.json"];
          if (!generated) {
            compilation.errors.push(new Error("LocalizeFunctionsPlugin: functions.json was not generated"));
            return;
          }
          const metadata = JSON.parse(generated.source().toString());
          for (const [locale, file] of Object.entries(this.locales)) {
            const table = JSON.parse(fs.readFileSync(path.resolve(file), "utf8"));
            compilation.fileDependencies.add(path.resolve(file));
            const out = structuredClone(metadata);
            for (const fn of out.functions) {
              const t = table[fn.id];
              if (!t || !t.description) {
                compilation.errors.push(new Error(`missing ${locale} translation for ${fn.id} in ${file}`));
                continue;
              }
              if (t.name) fn.name = t.name;
              fn.description = t.description;
              for (const p of fn.parameters ?? []) {
                const d = t.parameters && t.parameters[p.name];
                if (!d) {
                  compilation.errors.push(new Error(`missing ${locale} translation for ${fn.id}.${p.name} in ${file}`));
                  continue;
                }
                p.description = d;
              }
            }
            compilation.emitAsset(`functions.${locale}.json`, new sources.RawSource(JSON.stringify(out, null, 2)));
          }
        },
      );
    });
  }
}

module.exports = { LocalizeFunctionsPlugin };

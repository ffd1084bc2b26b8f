/**
 * Bundles the installed main entries for a browser with esbuild, as a front-end build would: esbuild's
 * browser platform cannot resolve Node built-ins, so a `node:` import anywhere in their graph fails here.
 */
import { build } from "esbuild";

export interface BrowserBundle {
  /** The bundled JavaScript. */
  code: string;
  /** Input files, relative to the consumer project (`node_modules/budgea/dist/…`). */
  inputs: string[];
  errors: string[];
}

export async function bundleForBrowser(app: string, specifiers: string[]): Promise<BrowserBundle> {
  const contents = specifiers.map((s, i) => `export * as m${i} from ${JSON.stringify(s)};`).join("\n");
  try {
    const result = await build({
      stdin: { contents, resolveDir: app, loader: "js" },
      absWorkingDir: app,
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    return {
      code: result.outputFiles[0]!.text,
      inputs: Object.keys(result.metafile.inputs).filter((input) => input !== "<stdin>"),
      errors: [],
    };
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors?.map((e) => e.text) ?? [String(error)];
    return { code: "", inputs: [], errors };
  }
}

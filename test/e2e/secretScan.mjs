// After the suite: no secret may have reached the editor's settings, its logs (the extension's output channel is
// written under the user-data folder) or the workspace. The browser profile is not scanned: that is where the web
// editor keeps SecretStorage, the one place secrets belong.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Returns "file: secret #n" findings for every scanned file that contains one of the secrets. */
export function scanForSecrets(folders, secrets, root) {
  const findings = [];
  const wanted = secrets.filter((s) => s && s.length >= 8);
  let files = 0;
  const visit = (path) => {
    if (files >= MAX_FILES) return;
    let stat;
    try { stat = statSync(path); } catch { return; }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
      return;
    }
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return;
    files++;
    const content = readFileSync(path);
    wanted.forEach((secret, i) => {
      if (content.includes(secret)) findings.push(`${relative(root, path)}: secret #${i + 1}`);
    });
  };
  for (const folder of folders) visit(folder);
  return { findings, files };
}

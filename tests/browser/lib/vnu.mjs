// HTML validity with the Nu HTML Checker (npm vnu-jar), all files in one Java run.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The vnu.jar shipped in the npm package (its postinstall Java download is not needed:
 *  the machine's Java 17 runs it). */
export const VNU_JAR = String(require('vnu-jar'));

/**
 * Validate `files` (absolute paths). `urlOf(file)` names a file in messages (its page
 * URL). Resolves to a list of problems { severity, page, rule, message, target }.
 */
export function validate(files, urlOf) {
  const java = process.env.JAVA || 'java';
  const args = ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files];
  return new Promise((resolve, reject) => {
    execFile(java, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`the Nu HTML Checker did not run (${java} -jar ${VNU_JAR}): ${error.message}\n${stderr}`));
      let report;
      try {
        report = JSON.parse(stderr || stdout);
      } catch {
        return reject(new Error(`the Nu HTML Checker printed something that is not its JSON report:\n${stderr}${stdout}`));
      }
      const byUrl = new Map(files.map((f) => [pathToFileURL(f).href, f]));
      const problems = [];
      for (const m of report.messages) {
        const file = byUrl.get(m.url) || (m.url || '').replace(/^file:/, '');
        const page = urlOf(file) || m.url;
        const where = m.lastLine ? `line ${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn}` : '';
        const extract = m.extract ? ` «${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}»` : '';
        if (m.type === 'error' || m.type === 'non-document-error') {
          problems.push({ severity: 'fail', page, rule: 'html:error', message: m.message, target: `${where}${extract}` });
        } else if (m.type === 'info' && m.subType === 'warning') {
          problems.push({ severity: 'warn', page, rule: 'html:warning', message: m.message, target: `${where}${extract}` });
        }
      }
      resolve(problems);
    });
  });
}

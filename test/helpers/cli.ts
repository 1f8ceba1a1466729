import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'bin', 'casebridge.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `casebridge ARGS` (the built bundle, as `npx casebridge` does) to completion. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env },
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => {
      stdout += d;
    });
    proc.stderr.on('data', (d) => {
      stderr += d;
    });
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running `casebridge` command and resolves once a stdout line matches `ready`. */
export function startCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number },
): Promise<{
  proc: ChildProcess;
  match: RegExpMatchArray;
  output: () => string;
  exited: Promise<number | null>;
}> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env },
    });
    let output = '';
    const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`casebridge ${args.join(' ')} did not get ready:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = output.match(options.ready);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ proc, match, output: () => output, exited });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`casebridge ${args.join(' ')} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CASEBRIDGE_CONFIG;
  return env;
}

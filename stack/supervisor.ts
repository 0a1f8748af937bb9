/**
 * Keeps the processes of `npm run cluster` running, as systemd or a container orchestrator would: a part
 * that dies is started again (and the restart is said on the console), with a growing pause when it keeps
 * dying at once; a part that cannot stay up through its start is given up on, so a bad setting ends the
 * cluster with the part's own last words instead of restarting forever. Each part's output goes to its log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';

export interface PartSpec {
  /** e.g. `worker 2`: how the console names it. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/** A run shorter than this counts as "died at once" for the back-off. */
const settledMs = 30_000;
const maxPauseMs = 30_000;
const maxQuickDeaths = 5;

export class Part {
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private stopping = false;
  private quickDeaths = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  /** How many times it was started again after dying. */
  restarts = 0;

  constructor(
    readonly spec: PartSpec,
    private readonly say: (line: string) => void,
    private readonly giveUp: (part: Part, why: string) => void,
  ) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const startedAt = Date.now();
    const child = spawn(this.spec.command, this.spec.args, {
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('error', (err) =>
      this.log.write(`caseflow: cannot start ${this.spec.name}: ${err.message}\n`),
    );
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const ran = Date.now() - startedAt;
      this.quickDeaths = ran < settledMs ? this.quickDeaths + 1 : 0;
      const how = signal ? `signal ${signal}` : `exit ${code}`;
      if (this.quickDeaths >= maxQuickDeaths) {
        this.giveUp(this, `${this.spec.name} died ${maxQuickDeaths} times right after starting (${how})`);
        return;
      }
      const pause = Math.min(maxPauseMs, 500 * 2 ** this.quickDeaths);
      this.restarts += 1;
      this.say(`${this.spec.name} (pid ${child.pid}) stopped (${how}); restarting in ${pause / 1000} s`);
      this.restartTimer = setTimeout(() => {
        if (this.stopping) return;
        this.start();
        this.say(`${this.spec.name} restarted (pid ${this.child?.pid})`);
      }, pause);
    });
  }

  /** The last lines of its log, for a message that explains a failure: messages, not stack traces. */
  lastWords(lines = 5): string {
    let text: string;
    try {
      text = readFileSync(this.spec.logFile, 'utf8');
    } catch {
      return '';
    }
    return text
      .trimEnd()
      .split('\n')
      .filter((line) => !/^\s+at /.test(line))
      .slice(-lines)
      .map((line) => `  ${readable(line).slice(0, 400)}`)
      .join('\n');
  }

  /** SIGTERM (a graceful drain), SIGKILL after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}

/** A JSON log line (Temporal's, pino's) as `level: message: error`; any other line as it is. */
function readable(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; error?: unknown };
    if (typeof entry.msg !== 'string') return line;
    const error = typeof entry.error === 'string' ? `: ${entry.error}` : '';
    return `${typeof entry.level === 'string' ? entry.level : 'log'}: ${entry.msg}${error}`;
  } catch {
    return line;
  }
}

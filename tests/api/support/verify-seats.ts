/** `npm run verify-seats` (scripts/verify-seats.js) in a process of its own on the suite's database: its exit code and output. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const verifySeats = (...args: string[]) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../../scripts/verify-seats.js'), ...args], { env: process.env });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    child.on('exit', (code) => resolve({ code, out }));
  });

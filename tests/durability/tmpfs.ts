import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A small tmpfs of its own, so a test can fill a real disk without touching the machine's. Needs
 * root (as locally and in CI); without it the test fails with this message rather than skipping.
 */
export async function mountTmpfs(sizeMb: number): Promise<{ dir: string; unmount(): void }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}M,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `This test mounts a ${sizeMb} MB tmpfs to fill a real disk and needs root (CAP_SYS_ADMIN): mount failed: ${stderr || (error as Error).message}`,
    );
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills the file system of `file` with a ballast file until a write fails, then frees `headroom`
 * bytes of it again. Returns a function that frees the whole ballast.
 */
export function fillDisk(file: string, headroom: number): { free(): void } {
  const descriptor = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  try {
    for (;;) {
      let written: number;
      try {
        written = writeSync(descriptor, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw error;
      }
      if (written < chunk.length) {
        // The last bytes: write small pieces until not even one fits.
        for (;;) {
          try {
            if (writeSync(descriptor, chunk, 0, 512) === 0) break;
          } catch {
            break;
          }
        }
        break;
      }
    }
    const size = fstatSync(descriptor).size;
    ftruncateSync(descriptor, Math.max(0, size - headroom));
  } finally {
    closeSync(descriptor);
  }
  return { free: () => rmSync(file, { force: true }) };
}

/** Every file under a folder, recursively, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.push(path.relative(dir, full));
    }
  };
  visit(dir);
  return files;
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The off-site copy, through rclone (any S3-compatible bucket, as the
 * article's Spaces, or any of rclone's other backends). The remote is
 * configured the rclone way: `rclone config`, or RCLONE_CONFIG_<NAME>_*
 * variables in the environment.
 */
export const rclone = {
  async copy(file: string, remote: string, name: string): Promise<void> {
    await rcloneRun(['copyto', file, `${remote}/${name}`]);
  },
  async list(remote: string): Promise<string[]> {
    const { stdout } = await rcloneRun(['lsf', '--files-only', remote]);
    return stdout.split('\n').filter((line) => line !== '');
  },
  async delete(remote: string, name: string): Promise<void> {
    await rcloneRun(['deletefile', `${remote}/${name}`]);
  },
};

async function rcloneRun(args: string[]) {
  try {
    return await run(process.env.RCLONE || 'rclone', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`rclone ${args[0]} failed: ${(stderr || message).trim()}`, { cause: error });
  }
}

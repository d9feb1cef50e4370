import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPS, appContract, healthRoutes } from '../src/app-contract';
import { baseImage, dockerStages, inheritedInstructions } from '../src/dockerfile-stages';
import { workspaceRoot } from '../src/workspace-root';

const root = workspaceRoot();
const stages = dockerStages(readFileSync(join(root, 'docker/Dockerfile'), 'utf8'));
const stage = (name: string) => {
  const found = stages.find((item) => item.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};

describe('docker/Dockerfile', () => {
  it('pins every external base image to an exact Node LTS release (and a digest if given)', () => {
    for (const item of stages.filter((candidate) => !candidate.from.stage)) {
      expect(item.from.image).toBe('node');
      expect(item.from.tag).toMatch(/^(20|22)\.\d+\.\d+-bookworm-slim$/);
      if (item.from.digest) expect(item.from.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('never ADDs a URL and never pipes a download into a shell', () => {
    for (const instruction of stages.flatMap((item) => item.instructions)) {
      expect(instruction.keyword).not.toBe('ADD');
      expect(instruction.text).not.toMatch(/(curl|wget)[^|]*\|\s*(ba)?sh/);
    }
  });

  it.each(APPS.map((app) => [app]))('has a %s target that runs the app as it is deployed', (app) => {
    const contract = appContract(app);
    const target = stage(app);
    const instructions = inheritedInstructions(target);
    const last = (keyword: string) => instructions.filter((item) => item.keyword === keyword).at(-1);

    expect(baseImage(target).image).toBe('node');
    // Non-root, by number so that Kubernetes' runAsNonRoot can verify it.
    expect(last('USER')?.args[0]).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(last('EXPOSE')?.args).toEqual([String(contract.defaultPort)]);
    // An init process forwards signals and reaps children.
    expect(last('ENTRYPOINT')?.text).toMatch(/"\/usr\/bin\/tini",\s*"--"/);
    expect(last('CMD')?.text).toMatch(/\["node",\s*"main\.js"\]/);
    expect(
      instructions.some((item) => item.keyword === 'RUN' && /apt-get install[^&]*\btini\b/.test(item.text)),
    ).toBe(true);

    // HEALTHCHECK with node's fetch (no curl in slim images) on the app's port and liveness route.
    const health = last('HEALTHCHECK')?.text ?? '';
    expect(health).toContain(
      `fetch('http://127.0.0.1:'+(process.env.${contract.portVariable}||${contract.defaultPort})+'${healthRoutes().live}')`,
    );
    expect(health).not.toMatch(/curl|wget/);

    // The app's bundle comes from the build stage; node_modules only from a production install.
    const copies = instructions.filter((item) => item.keyword === 'COPY' && item.flags['from']);
    const fromBuild = copies.filter((item) => item.flags['from'] === 'build');
    expect(fromBuild.map((item) => item.args.slice(0, -1))).toEqual([
      [`/workspace/dist/apps/${app}/main.js`, `/workspace/dist/apps/${app}/main.js.map`],
    ]);
    const modules = copies.filter((item) => item.args.some((arg) => arg.includes('node_modules')));
    expect(modules).toHaveLength(1);
    const installs = stage(modules[0].flags['from']).instructions.filter((item) =>
      /npm (install|ci)\b/.test(item.text),
    );
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.text).toMatch(/--omit=dev|npm prune --omit=dev/);

    // Writes nothing outside /tmp at run time: the files are root's and the app is not root.
    expect(instructions.filter((item) => item.keyword === 'VOLUME')).toEqual([]);
    expect(instructions.filter((item) => item.keyword === 'COPY' && item.flags['chown'])).toEqual([]);
  });

  it('builds with Nx from the lock file', () => {
    const build = stage('build');
    expect(
      build.instructions.some((item) => item.keyword === 'RUN' && /npx nx build "\$APP"/.test(item.text)),
    ).toBe(true);
    const deps = stage('deps').instructions.find((item) => /npm install/.test(item.text));
    expect(deps?.text).not.toContain('--omit=dev');
    expect(stage('deps').instructions.find((item) => item.keyword === 'COPY')?.args).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json']),
    );
  });

  it('has a .dockerignore that keeps node_modules, build output, git and secrets out of the context', () => {
    const path = join(root, '.dockerignore');
    expect(existsSync(path)).toBe(true);
    const patterns = readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(patterns).toEqual(expect.arrayContaining(['.git', '**/node_modules', 'dist', 'tmp', '.env']));
  });
});

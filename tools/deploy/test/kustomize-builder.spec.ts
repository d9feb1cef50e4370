import { join } from 'node:path';
import { applyJson6902 } from '../src/kustomize/json6902';
import { generatorHash } from '../src/kustomize/generator-hash';
import { type JsonValue, objectId } from '../src/kustomize/k8s-object';
import { kubectlKustomize, kubectlKustomizeAvailable } from '../src/kustomize/kubectl-kustomize';
import { strategicMerge } from '../src/kustomize/strategic-merge';
import { KUSTOMIZATIONS, rendered } from '../src/k8s-tree';
import { workspaceRoot } from '../src/workspace-root';

describe('the kustomize builder used by these tests', () => {
  it.each([
    // Reference suffixes rendered by kustomize v5.5.0 (kubectl kustomize) for these generators.
    ['ConfigMap', { A: '1', B: '2' }, '66h9cbh964'],
    ['ConfigMap', { A: '1', B: '<two> & three' }, 'm9gmhfdhgd'],
    ['Secret', { TOKEN: 'dev-only' }, '6b7c8598hh'],
  ] as const)('names a generated %s with the hash suffix kustomize 5 gives it (%j)', (kind, data, suffix) => {
    expect(generatorHash(kind, data)).toBe(suffix);
  });

  it('merges lists by their strategic-merge keys and replaces the others', () => {
    const target: JsonValue = {
      containers: [
        { name: 'a', image: 'x', env: [{ name: 'K', value: '1' }] },
        { name: 'b', image: 'y' },
      ],
      args: ['one', 'two'],
    };
    const patch: JsonValue = {
      containers: [{ name: 'a', env: [{ name: 'L', value: '2' }] }],
      args: ['three'],
    };
    expect(strategicMerge(target, patch)).toEqual({
      containers: [
        {
          name: 'a',
          image: 'x',
          env: [
            { name: 'K', value: '1' },
            { name: 'L', value: '2' },
          ],
        },
        { name: 'b', image: 'y' },
      ],
      args: ['three'],
    });
  });

  it('applies JSON 6902 operations and refuses a path that is not there', () => {
    const document = { spec: { replicas: 3, list: ['a'] } };
    expect(
      applyJson6902(document, [
        { op: 'replace', path: '/spec/replicas', value: 1 },
        { op: 'add', path: '/spec/list/-', value: 'b' },
      ]),
    ).toEqual({ spec: { replicas: 1, list: ['a', 'b'] } });
    expect(() => applyJson6902(document, [{ op: 'replace', path: '/spec/missing/x', value: 1 }])).toThrow(
      /no \/spec\/missing\/x/,
    );
  });

  const haveKubectl = kubectlKustomizeAvailable();
  (haveKubectl ? it.each : it.skip.each)(KUSTOMIZATIONS.map((path) => [path]))(
    'renders %s exactly as `kubectl kustomize` does',
    (path) => {
      const ours = new Map(rendered(path).map((object) => [objectId(object), object]));
      const theirs = new Map(
        kubectlKustomize(join(workspaceRoot(), path)).map((object) => [objectId(object), object]),
      );
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
      for (const [id, object] of theirs) expect({ id, object: ours.get(id) }).toEqual({ id, object });
    },
  );
});

import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface DockerStage {
  name: string;
  /** The FROM image (`node:20…`) or the earlier stage it continues. */
  from: { image: string; tag: string | null; digest: string | null; stage: DockerStage | null };
  instructions: { keyword: string; args: string[]; flags: Record<string, string>; text: string }[];
}

function flagsOf(instruction: Instruction): Record<string, string> {
  const flags: Record<string, string> = {};
  const withFlags = instruction as Instruction & {
    getFlags?: () => { getName(): string; getValue(): string | null }[];
  };
  for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName()] = flag.getValue() ?? '';
  return flags;
}

/** The stages of a Dockerfile, in order, each with its instructions (parsed by dockerfile-ast). */
export function dockerStages(content: string): DockerStage[] {
  const dockerfile = DockerfileParser.parse(content);
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = dockerfile
        .getFROMs()
        .find((item) => item.getRange().start.line === instruction.getRange().start.line);
      if (!from) throw new Error(`FROM on line ${instruction.getRange().start.line} not parsed`);
      const image = from.getImageName() ?? '';
      stages.push({
        name: from.getBuildStage() ?? String(stages.length),
        from: {
          image,
          tag: from.getImageTag(),
          digest: from.getImageDigest(),
          stage: stages.find((stage) => stage.name === image) ?? null,
        },
        instructions: [],
      });
      continue;
    }
    const current = stages[stages.length - 1];
    if (!current) throw new Error(`${keyword} before the first FROM`);
    current.instructions.push({
      keyword,
      args: instruction.getArguments().map((argument) => argument.getValue()),
      flags: flagsOf(instruction),
      text: instruction.getTextContent(),
    });
  }
  return stages;
}

/** A stage's instructions including those of the stages it continues (FROM <stage>), oldest first. */
export function inheritedInstructions(stage: DockerStage): DockerStage['instructions'] {
  return [...(stage.from.stage ? inheritedInstructions(stage.from.stage) : []), ...stage.instructions];
}

/** The base image a stage ends up on. */
export function baseImage(stage: DockerStage): DockerStage['from'] {
  return stage.from.stage ? baseImage(stage.from.stage) : stage.from;
}

import { GraphqlProblem } from '../GitlabClient';

/** Whether a GraphQL problem says the schema lacks `name` (an argument or a field). @internal */
export function lacks(problem: GraphqlProblem, name: string): boolean {
  const mentions =
    problem.name === name ||
    problem.message.includes(`'${name}'`) ||
    problem.message.includes(`$${name}`);
  return (
    mentions &&
    (problem.code === undefined ||
      problem.code === 'argumentNotAccepted' ||
      problem.code === 'undefinedField' ||
      problem.code === 'variableNotUsed')
  );
}

import {
  FieldsOnCorrectTypeRule,
  GraphQLError,
  KnownArgumentNamesRule,
  print,
  ProvidedRequiredArgumentsRule,
  specifiedRules,
  ValuesOfCorrectTypeRule,
  type ArgumentNode,
  type ASTNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { KnownArgumentNamesOnDirectivesRule } from 'graphql/validation/rules/KnownArgumentNamesRule';

/** The path graphql-ruby reports for a node: `["query MyQuery", "project", "mergeRequests", ...]`. */
export function rubyPath(
  ancestors: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>,
  node?: ASTNode,
): string[] {
  const path: string[] = [];
  for (const item of [...ancestors, ...(node ? [node] : [])]) {
    if (Array.isArray(item) || !('kind' in (item as ASTNode))) continue;
    const n = item as ASTNode;
    switch (n.kind) {
      case 'OperationDefinition':
        path.push(n.name ? `${n.operation} ${n.name.value}` : n.operation);
        break;
      case 'FragmentDefinition':
        path.push(`fragment ${n.name.value}`);
        break;
      case 'InlineFragment':
        path.push(
          n.typeCondition ? `... on ${n.typeCondition.name.value}` : '...',
        );
        break;
      case 'Field':
        path.push(n.alias?.value ?? n.name.value);
        break;
      case 'Argument':
        path.push(n.name.value);
        break;
      default:
        break;
    }
  }
  return path;
}

function rubyError(
  message: string,
  node: ASTNode,
  path: string[],
  extensions: Record<string, unknown>,
): GraphQLError {
  const error = new GraphQLError(message, { nodes: [node], extensions });
  (error as any).rubyPath = path;
  return error;
}

/** graphql-ruby's `undefinedField` error. */
const RubyFieldsOnCorrectTypeRule: ValidationRule = (
  context: ValidationContext,
) => ({
  Field(node, _key, _parent, _path, ancestors) {
    const type = context.getParentType();
    if (type && !context.getFieldDef()) {
      const fieldName = node.name.value;
      context.reportError(
        rubyError(
          `Field '${fieldName}' doesn't exist on type '${type.name}'`,
          node,
          rubyPath(ancestors, node),
          { code: 'undefinedField', typeName: type.name, fieldName },
        ),
      );
    }
  },
});

/** graphql-ruby's `argumentNotAccepted` error. */
const RubyKnownArgumentNamesRule: ValidationRule = (
  context: ValidationContext,
) => ({
  ...KnownArgumentNamesOnDirectivesRule(context),
  Argument(node, _key, _parent, _path, ancestors) {
    const fieldDef = context.getFieldDef();
    if (!context.getArgument() && fieldDef && context.getParentType()) {
      context.reportError(
        rubyError(
          `Field '${fieldDef.name}' doesn't accept argument '${node.name.value}'`,
          node,
          rubyPath(ancestors, node),
          {
            code: 'argumentNotAccepted',
            name: fieldDef.name,
            typeName: 'Field',
            argumentName: node.name.value,
          },
        ),
      );
    }
  },
});

/** graphql-ruby's `missingRequiredArguments` error. */
const RubyProvidedRequiredArgumentsRule: ValidationRule = (
  context: ValidationContext,
) => {
  const base = ProvidedRequiredArgumentsRule(context) as any;
  return {
    ...base,
    Field: {
      leave(
        node: any,
        _key: unknown,
        _parent: unknown,
        _path: unknown,
        ancestors: any,
      ) {
        const fieldDef = context.getFieldDef();
        if (!fieldDef) return;
        const given = new Set(
          (node.arguments ?? []).map((a: any) => a.name.value),
        );
        const missing = fieldDef.args
          .filter(
            a =>
              a.type.toString().endsWith('!') && a.defaultValue === undefined,
          )
          .filter(a => !given.has(a.name))
          .map(a => a.name);
        if (missing.length) {
          context.reportError(
            rubyError(
              `Field '${
                fieldDef.name
              }' is missing required arguments: ${missing.join(', ')}`,
              node,
              rubyPath(ancestors, node),
              {
                code: 'missingRequiredArguments',
                className: 'Field',
                name: fieldDef.name,
                arguments: missing.join(', '),
              },
            ),
          );
        }
      },
    },
  };
};

/** graphql-ruby's `argumentLiteralsIncompatible` error for literal arguments of the wrong type. */
const RubyValuesOfCorrectTypeRule: ValidationRule = (
  context: ValidationContext,
) => {
  let argument: { node: ArgumentNode; path: string[] } | undefined;
  const proxy = Object.create(context) as ValidationContext;
  proxy.reportError = (error: GraphQLError) => {
    const fieldDef = context.getFieldDef();
    const argDef = context.getArgument();
    if (!argument || !fieldDef || !argDef) {
      context.reportError(error);
      return;
    }
    const name = argument.node.name.value;
    context.reportError(
      rubyError(
        `Argument '${name}' on Field '${
          fieldDef.name
        }' has an invalid value (${print(
          argument.node.value,
        )}). Expected type '${argDef.type.toString()}'.`,
        argument.node,
        argument.path,
        {
          code: 'argumentLiteralsIncompatible',
          typeName: 'Field',
          argumentName: name,
        },
      ),
    );
    // One error per argument, as graphql-ruby reports.
    argument = undefined;
  };
  const inner = ValuesOfCorrectTypeRule(proxy) as Record<string, any>;
  return {
    ...inner,
    Argument: {
      enter(
        node: ArgumentNode,
        _key: unknown,
        _parent: unknown,
        _path: unknown,
        ancestors: any,
      ) {
        argument = { node, path: rubyPath(ancestors, node) };
      },
      leave() {
        argument = undefined;
      },
    },
  };
};

/** graphql-js' rules with the ones GitLab users see most replaced by graphql-ruby wording. */
export const validationRules: ReadonlyArray<ValidationRule> =
  specifiedRules.map(rule => {
    if (rule === FieldsOnCorrectTypeRule) return RubyFieldsOnCorrectTypeRule;
    if (rule === KnownArgumentNamesRule) return RubyKnownArgumentNamesRule;
    if (rule === ProvidedRequiredArgumentsRule)
      return RubyProvidedRequiredArgumentsRule;
    if (rule === ValuesOfCorrectTypeRule) return RubyValuesOfCorrectTypeRule;
    return rule;
  });

/** Serializes an error like graphql-ruby: message, locations, path, extensions. */
export function formatError(error: GraphQLError): Record<string, unknown> {
  const out: Record<string, unknown> = { message: error.message };
  if (error.locations?.length) {
    out.locations = error.locations.map(l => ({
      line: l.line,
      column: l.column,
    }));
  }
  const path = (error as any).rubyPath ?? error.path;
  if (path) {
    out.path = path;
  }
  if (error.extensions && Object.keys(error.extensions).length) {
    out.extensions = error.extensions;
  }
  return out;
}

/** Turns graphql-js syntax errors into graphql-ruby's `Parse error on ...` wording. */
export function parseErrorMessage(error: GraphQLError): string {
  const location = error.locations?.[0];
  // graphql-js: `Syntax Error: Expected Name, found "}".` or `Syntax Error: Unexpected Name "foo".`
  const match =
    /(?:found|Unexpected) (<EOF>|(Name|Int|Float|String|BlockString) "(.*)"|"(.*)")\.?$/.exec(
      error.message,
    );
  if (!match || match[1] === '<EOF>') {
    return 'Unexpected end of document';
  }
  const kinds: Record<string, string> = {
    Name: 'IDENTIFIER',
    Int: 'INT',
    Float: 'FLOAT',
    String: 'STRING',
    BlockString: 'STRING',
  };
  const punctuators: Record<string, string> = {
    '}': 'RCURLY',
    '{': 'LCURLY',
    ')': 'RPAREN',
    '(': 'LPAREN',
    ':': 'COLON',
    ']': 'RBRACKET',
    '[': 'LBRACKET',
    $: 'VAR_SIGN',
    '!': 'BANG',
    '=': 'EQUALS',
    '@': 'DIR_SIGN',
    '...': 'ELLIPSIS',
  };
  const text = match[3] ?? match[4] ?? '';
  const kind = match[2] ? kinds[match[2]] : punctuators[text];
  const token = kind ? `"${text}" (${kind})` : `"${text}"`;
  return `Parse error on ${token} at [${location?.line ?? 1}, ${
    location?.column ?? 1
  }]`;
}

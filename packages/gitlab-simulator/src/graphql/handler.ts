import type { Request, Response } from 'express';
import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import {
  READ_API_SCOPES,
  hasAnyScope,
  type AuthResult,
} from '../auth/authenticate';
import { sendJson } from '../http/respond';
import type { SimulatorState } from '../state';
import { LIMITS, queryCost } from './complexity';
import type { GraphqlContext } from './resolvers';
import { formatError, parseErrorMessage, validationRules } from './validation';

/** One GraphQL request of a (possibly batched) HTTP request. */
export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Reads the GraphQL request(s) from a POST body or GET query string. */
export function readGraphqlBody(
  req: Request,
): GraphqlRequestBody | GraphqlRequestBody[] {
  if (req.method === 'GET') {
    const variables = req.query.variables;
    let parsed: unknown = undefined;
    if (typeof variables === 'string' && variables) {
      try {
        parsed = JSON.parse(variables);
      } catch {
        parsed = variables;
      }
    }
    return {
      query: req.query.query,
      variables: parsed,
      operationName: req.query.operationName,
    };
  }
  const body = req.body;
  if (Array.isArray(body)) {
    return body as GraphqlRequestBody[];
  }
  if (body && typeof body === 'object') {
    return body as GraphqlRequestBody;
  }
  return {};
}

/** Handles `POST /api/graphql` (and GET) like GitLab's GraphqlController. */
export function createGraphqlHandler(
  state: SimulatorState,
  schema: () => GraphQLSchema,
) {
  return async (req: Request, res: Response) => {
    const auth = (res.locals.auth as AuthResult | undefined) ?? {
      kind: 'anonymous',
    };
    // GraphqlController: a token that does not authenticate a user (unknown, expired, revoked,
    // blocked user, or no api/read_api scope) is answered with 401 "Invalid token".
    if (
      auth.kind === 'invalid' ||
      auth.kind === 'blocked' ||
      (auth.kind === 'ok' && !hasAnyScope(auth.identity, READ_API_SCOPES))
    ) {
      sendJson(res, 401, { errors: [{ message: 'Invalid token' }] });
      return;
    }
    const user = auth.kind === 'ok' ? auth.identity.user : undefined;
    const context: GraphqlContext = { state, user };
    const body = readGraphqlBody(req);
    const current = schema();
    if (Array.isArray(body)) {
      const results = await Promise.all(
        body.map(b => runOne(current, b, context)),
      );
      sendJson(res, 200, results);
      return;
    }
    sendJson(res, 200, await runOne(current, body, context));
  };
}

async function runOne(
  schema: GraphQLSchema,
  body: GraphqlRequestBody,
  context: GraphqlContext,
): Promise<Record<string, unknown>> {
  const query = typeof body.query === 'string' ? body.query : '';
  const operationName =
    typeof body.operationName === 'string' && body.operationName
      ? body.operationName
      : undefined;
  const variables =
    body.variables && typeof body.variables === 'object'
      ? (body.variables as Record<string, unknown>)
      : {};
  if (!query.trim()) {
    return { errors: [{ message: 'No query string was present' }] };
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const e = error as GraphQLError;
    return {
      errors: [
        {
          message: parseErrorMessage(e),
          locations:
            e.locations?.map(l => ({ line: l.line, column: l.column })) ?? [],
        },
      ],
    };
  }
  const validationErrors = validate(schema, document, validationRules);
  if (validationErrors.length) {
    return { errors: validationErrors.map(formatError) };
  }
  const cost = queryCost(schema, document, operationName, variables);
  if (!cost.introspectionOnly) {
    const limits = context.user ? LIMITS.authenticated : LIMITS.anonymous;
    const errors = [];
    if (cost.depth > limits.depth) {
      errors.push({
        message: `Query has depth of ${cost.depth}, which exceeds max depth of ${limits.depth}`,
      });
    }
    if (cost.complexity > limits.complexity) {
      errors.push({
        message: `Query has complexity of ${cost.complexity}, which exceeds max complexity of ${limits.complexity}`,
      });
    }
    if (errors.length) {
      return { errors };
    }
  }
  const result = await execute({
    schema,
    document,
    variableValues: variables,
    operationName,
    contextValue: {
      ...context,
      complexity: {
        score: cost.complexity,
        limit: (context.user ? LIMITS.authenticated : LIMITS.anonymous)
          .complexity,
      },
    },
  });
  const out: Record<string, unknown> = {};
  if (result.errors?.length) {
    out.errors = result.errors.map(error => rubyVariableError(document, error));
  }
  if (result.data !== undefined) {
    out.data = result.data;
  }
  return out;
}

/** Rewrites graphql-js variable coercion errors into graphql-ruby's wording. */
function rubyVariableError(
  document: DocumentNode,
  error: GraphQLError,
): Record<string, unknown> {
  const match = /^Variable "\$(\w+)" got invalid value (.*?); (.*)$/s.exec(
    error.message,
  );
  if (!match) {
    return formatError(error);
  }
  const [, name, value, explanation] = match;
  const definition = document.definitions
    .filter(
      (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
    )
    .flatMap(d => d.variableDefinitions ?? [])
    .find(v => v.variable.name.value === name);
  const typeText = definition ? printType(definition.type) : 'unknown';
  let parsedValue: unknown = value;
  try {
    parsedValue = JSON.parse(value);
  } catch {
    // keep the raw text
  }
  return {
    message: `Variable $${name} of type ${typeText} was provided invalid value`,
    locations:
      error.locations?.map(l => ({ line: l.line, column: l.column })) ?? [],
    extensions: {
      value: parsedValue,
      problems: [{ path: [], explanation }],
    },
  };
}

function printType(type: any): string {
  if (type.kind === 'NonNullType') return `${printType(type.type)}!`;
  if (type.kind === 'ListType') return `[${printType(type.type)}]`;
  return type.name.value;
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import ts from 'typescript';
import { lambdaBuildOptions } from '../../infra/bundling.js';

/**
 * What a function's code can ask of AWS, read statically from what esbuild puts in its bundle:
 * the project modules of the bundle (esbuild's metafile, with the project's bundling settings),
 * and, in them, the code reachable from the handler module (TypeScript's checker resolves every
 * name to its declaration; an interface's method reaches every class of the bundle that implements
 * it; top-level statements always run). The result over-approximates what one run does, never
 * under-approximates it: a call it misses would be a dynamic `import()` or an `any`.
 */
export interface ReachableCalls {
  /** DynamoDB API operations, e.g. `GetItem`, `TransactWriteItems`. */
  dynamodb: Set<string>;
  /** What the items of a transaction do: `Put`, `Update`, `Delete`, `ConditionCheck`. */
  transactionItems: Set<string>;
  /** Global secondary indexes named in the reachable code (queried through `Table.page`). */
  indexes: Set<string>;
  /** Other services called through functions/shared/aws-json.ts, as IAM actions (`cognito-idp:AdminGetUser`). */
  signedCalls: Set<string>;
  /** `process.env` variables the reachable code reads. */
  environment: Set<string>;
  /** Path parameters the reachable code reads (`event.pathParameters?.id`). */
  pathParameters: Set<string>;
  /** SDK command modules esbuild kept (`client-dynamodb/GetItemCommand`): the bundle's side. */
  bundledCommands: Set<string>;
}

/** lib-dynamodb's document commands and the API operation each sends. */
const documentCommands: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'TransactGetItems',
  TransactWriteCommand: 'TransactWriteItems',
  ExecuteStatementCommand: 'ExecuteStatement',
};
const transactionItemKinds = new Set(['Put', 'Update', 'Delete', 'ConditionCheck']);

/** The signed JSON calls of functions/shared/aws-json.ts: which service, and how an operation is named. */
const signedServices: Record<string, (literal: string) => string | undefined> = {
  // awsJson1_1: the operation is the X-Amz-Target's suffix, a string literal of the reachable code.
  'cognito-idp': (literal) => (/^Admin[A-Z][A-Za-z]+$/.test(literal) ? `cognito-idp:${literal}` : undefined),
  // restJson1: the operation is the path (SESv2 API reference: POST /v2/email/outbound-emails is SendEmail).
  ses: (literal) => ({ '/v2/email/outbound-emails': 'ses:SendEmail' })[literal],
};

export interface FunctionBundle {
  name: string;
  entry: string;
  metafile: Metafile;
  /** Project files (relative to the root) that put code into the bundle. */
  projectModules: string[];
  /** What the bundle still imports at run time: Node's own modules, and the lazy modules beside it. */
  externalImports: string[];
}

/** Bundles each entry once, as NodejsFunction does (infra/bundling.ts), keeping only esbuild's metafile. */
export async function bundleEntries(projectRoot: string, entries: Record<string, string>): Promise<FunctionBundle[]> {
  return Promise.all(
    Object.entries(entries).map(async ([name, entry]) => {
      const result = await build({
        ...lambdaBuildOptions(),
        entryPoints: [entry],
        absWorkingDir: projectRoot,
        write: false,
        outfile: 'index.mjs',
        metafile: true,
        logLevel: 'silent',
      });
      const output = Object.values(result.metafile.outputs)[0]!;
      const projectModules = Object.entries(output.inputs)
        .filter(([path, input]) => !path.includes('node_modules/') && input.bytesInOutput > 0)
        .map(([path]) => path);
      // A module whose code is all declarations may add no bytes of its own yet be reached (types, re-exports).
      const declared = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'));
      const externalImports = [...new Set(output.imports.filter((imported) => imported.external).map(({ path }) => path))];
      return {
        name,
        entry,
        metafile: result.metafile,
        projectModules: [...new Set([...projectModules, ...declared])],
        externalImports,
      };
    }),
  );
}

export class CallAnalyzer {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly projectRoot: string,
    entries: readonly string[],
  ) {
    const configPath = resolve(projectRoot, 'tsconfig.json');
    const config = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8')).config,
      ts.sys,
      projectRoot,
    );
    this.program = ts.createProgram(
      entries.map((entry) => resolve(projectRoot, entry)),
      { ...config.options, noEmit: true, skipLibCheck: true },
    );
    this.checker = this.program.getTypeChecker();
  }

  private isProject(file: ts.SourceFile): boolean {
    return !file.isDeclarationFile && !file.fileName.includes('/node_modules/');
  }

  analyze(bundle: FunctionBundle): ReachableCalls {
    const calls: ReachableCalls = {
      dynamodb: new Set(),
      transactionItems: new Set(),
      indexes: new Set(),
      signedCalls: new Set(),
      environment: new Set(),
      pathParameters: new Set(),
      bundledCommands: new Set(),
    };
    for (const [path, input] of Object.entries(Object.values(bundle.metafile.outputs)[0]!.inputs)) {
      const command = /node_modules\/@aws-sdk\/(client-[\w-]+|lib-dynamodb)\/dist-es\/commands\/(\w+Command)\.js$/.exec(path);
      if (command && input.bytesInOutput > 0) calls.bundledCommands.add(`${command[1]}/${command[2]}`);
    }

    const inBundle = new Set(bundle.projectModules.map((path) => resolve(this.projectRoot, path)));
    const files = this.program.getSourceFiles().filter((file) => this.isProject(file) && inBundle.has(file.fileName));
    const classes = files.flatMap((file) => file.statements.filter(ts.isClassDeclaration));
    const literals = new Set<string>();
    const services = new Set<string>();
    const visited = new Set<ts.Node>();
    const queue: ts.Node[] = [];
    const reach = (node: ts.Node | undefined) => {
      if (node && !visited.has(node)) {
        visited.add(node);
        queue.push(node);
      }
    };

    // Top-level statements run when the module loads; declarations run only when something reaches them.
    for (const file of files) {
      for (const statement of file.statements) {
        if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) continue;
        if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
        if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) continue;
        if (ts.isVariableStatement(statement) && !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
          // Unexported functions bound to a name are reached through that name.
          const allFunctions = statement.declarationList.declarations.every(
            (declaration) =>
              declaration.initializer &&
              (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer)),
          );
          if (allFunctions) continue;
        }
        if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            const initializer = declaration.initializer;
            // An exported function bound to a name is a declaration too, except the handler.
            const isHandler = ts.isIdentifier(declaration.name) && declaration.name.text === 'handler';
            if (initializer && !isHandler && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) continue;
            reach(declaration);
          }
          continue;
        }
        reach(statement);
      }
    }

    const reachDeclaration = (declaration: ts.Declaration) => {
      const file = declaration.getSourceFile();
      if (!this.isProject(file) || !inBundle.has(file.fileName)) return;
      if (ts.isClassDeclaration(declaration)) {
        // `new X()` runs the constructor and the field initializers; the methods are reached by name.
        for (const member of declaration.members) {
          if (
            ts.isConstructorDeclaration(member) ||
            ts.isPropertyDeclaration(member) ||
            ts.isClassStaticBlockDeclaration(member)
          ) {
            reach(member);
          }
        }
        return;
      }
      if (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration)) {
        // A call through an interface: every class of the bundle that implements it.
        const owner = declaration.parent;
        if (!ts.isInterfaceDeclaration(owner)) return;
        const name = declaration.name.getText();
        for (const candidate of classes) {
          const implementsOwner = candidate.heritageClauses?.some((clause) =>
            clause.types.some((type) => type.expression.getText() === owner.name.text),
          );
          if (!implementsOwner) continue;
          for (const member of candidate.members) if (member.name?.getText() === name) reach(member);
        }
        return;
      }
      if (
        ts.isFunctionDeclaration(declaration) ||
        ts.isMethodDeclaration(declaration) ||
        ts.isConstructorDeclaration(declaration) ||
        ts.isGetAccessorDeclaration(declaration) ||
        ts.isSetAccessorDeclaration(declaration) ||
        ts.isPropertyDeclaration(declaration) ||
        ts.isPropertyAssignment(declaration) ||
        ts.isShorthandPropertyAssignment(declaration) ||
        ts.isVariableDeclaration(declaration) ||
        ts.isEnumDeclaration(declaration)
      ) {
        reach(declaration);
      }
    };

    const symbolOf = (node: ts.Node): ts.Symbol | undefined => {
      let symbol = this.checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      return symbol;
    };

    const scan = (node: ts.Node) => {
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
        for (const declaration of symbolOf(node)?.declarations ?? []) reachDeclaration(declaration);
      } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        literals.add(node.text);
      } else if (ts.isNewExpression(node)) {
        const symbol = symbolOf(node.expression);
        const declaredIn = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
        const name = symbol?.name ?? '';
        if (/@aws-sdk\/(lib|client)-dynamodb/.test(declaredIn) && name.endsWith('Command')) {
          calls.dynamodb.add(documentCommands[name] ?? name.replace(/Command$/, ''));
        }
      } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
        if (transactionItemKinds.has(node.name.text) && ts.isObjectLiteralExpression(node.initializer)) {
          calls.transactionItems.add(node.name.text);
        }
        if (node.name.text === 'service' && ts.isStringLiteral(node.initializer)) services.add(node.initializer.text);
      } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        const target = node.expression;
        if (
          ts.isPropertyAccessExpression(node) &&
          ts.isPropertyAccessExpression(target) &&
          target.name.text === 'pathParameters'
        ) {
          calls.pathParameters.add(node.name.text);
        }
        if (ts.isPropertyAccessExpression(target) && target.getText() === 'process.env') {
          if (ts.isPropertyAccessExpression(node)) calls.environment.add(node.name.text);
          else if (ts.isStringLiteral(node.argumentExpression)) calls.environment.add(node.argumentExpression.text);
          else dynamicEnvironment.add(enclosingFunction(node));
        }
      } else if (ts.isCallExpression(node)) {
        envCalls.push(node);
      }
      ts.forEachChild(node, scan);
    };
    const dynamicEnvironment = new Set<ts.Node | undefined>();
    const envCalls: ts.CallExpression[] = [];

    while (queue.length > 0) scan(queue.pop()!);

    // `process.env[name]` inside a helper: the names are the string literals its reachable callers pass.
    for (const call of envCalls) {
      const declaration = symbolOf(call.expression)?.declarations?.[0];
      if (!declaration || !dynamicEnvironment.has(declaration)) continue;
      for (const argument of call.arguments) if (ts.isStringLiteral(argument)) calls.environment.add(argument.text);
    }

    const indexNames = /^GSI\d+$/;
    for (const literal of literals) {
      if (indexNames.test(literal)) calls.indexes.add(literal);
      for (const service of services) {
        const action = signedServices[service]?.(literal);
        if (action) calls.signedCalls.add(action);
      }
    }
    return calls;
  }
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

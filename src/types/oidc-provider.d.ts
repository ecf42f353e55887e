/**
 * Minimal types for oidc-provider 9, which ships none: only what src/server/oidc uses.
 * See node_modules/oidc-provider/lib for the implementation these describe.
 */
declare module 'oidc-provider' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type UnknownObject = Record<string, unknown>;

  export interface AccountClaims extends UnknownObject {
    sub: string;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: UnknownObject, rejected: string[]): AccountClaims | Promise<AccountClaims>;
  }

  export interface ClientMetadata extends UnknownObject {
    client_id: string;
    client_secret?: string;
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
    scope?: string;
  }

  export interface Client {
    readonly clientId: string;
    readonly clientName?: string;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg?: string; kid?: string } };
  }

  export class ResourceServer {
    constructor(identifier: string, data: ResourceServerInfo);
    readonly audience?: string;
    readonly scope: string;
    readonly scopes: Set<string>;
    identifier(): string;
  }

  export interface Grant {
    readonly jti: string;
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    getOIDCScopeEncountered(): string;
    getResourceScopeEncountered(resource: string): string;
    save(ttl?: number): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId?: string | undefined; clientId?: string | undefined }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface BaseToken {
    readonly jti: string;
    readonly kind: string;
    accountId?: string;
    scope?: string | undefined;
    readonly expiration: number;
    readonly tokenType: string;
    save(): Promise<string>;
  }

  export interface AccessToken extends BaseToken {
    clientId?: string;
    grantId?: string;
    resourceServer?: ResourceServer;
    aud?: string | string[];
  }

  export interface AccessTokenConstructor {
    new (properties: {
      accountId: string;
      client: Client;
      grantId?: string;
      gty?: string;
      scope?: string;
    }): AccessToken;
  }

  export interface Session {
    accountId?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  export interface Interaction {
    readonly uid: string;
    readonly returnTo: string;
    readonly prompt: { name: string; reasons: string[]; details: UnknownObject };
    readonly params: UnknownObject;
    readonly session?: { accountId?: string; uid?: string } | undefined;
    readonly grantId?: string;
    readonly lastSubmission?: UnknownObject;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean; ts?: number; acr?: string; amr?: string[] };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface OIDCContext {
    readonly client?: Client;
    readonly session?: Session;
    readonly account?: Account;
    readonly params?: Record<string, string | string[] | undefined>;
    readonly requestParamScopes: Set<string>;
    readonly requestParamOIDCScopes: Set<string>;
    readonly requestParamClaims: Set<string>;
    readonly resourceServers: Record<string, ResourceServer>;
    readonly result?: InteractionResults;
    readonly route?: string;
    /** The prompt parameter's values. */
    readonly prompts: Set<string>;
    readonly issuer: string;
    entity(key: string, value: unknown): void;
    urlFor(name: string, options?: UnknownObject): string;
  }

  /** The Koa context oidc-provider hands to configuration functions and grant handlers. */
  export interface KoaContextWithOIDC {
    oidc: OIDCContext;
    body: unknown;
    status: number;
    type: string;
    method: string;
    path: string;
    host: string;
    req: IncomingMessage;
    res: ServerResponse;
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export type CanBePromise<T> = T | Promise<T>;

  export interface Configuration {
    adapter?: AdapterConstructor;
    clients?: ClientMetadata[];
    findAccount?: (ctx: KoaContextWithOIDC, id: string, token?: unknown) => CanBePromise<Account | undefined>;
    jwks?: { keys: UnknownObject[] };
    cookies?: {
      keys?: string[];
      names?: Record<string, string>;
      long?: UnknownObject;
      short?: UnknownObject;
    };
    claims?: Record<string, string[] | null>;
    conformIdTokenClaims?: boolean;
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: Client) => boolean;
    extraTokenClaims?: (ctx: KoaContextWithOIDC, token: AccessToken) => CanBePromise<UnknownObject | undefined>;
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => CanBePromise<Grant | undefined>;
    interactions?: {
      policy?: interactionPolicy.Policy;
      url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => CanBePromise<string>;
    };
    pkce?: { required?: (ctx: KoaContextWithOIDC, client: Client) => boolean };
    renderError?: (ctx: KoaContextWithOIDC, out: ErrorOut, error: Error) => CanBePromise<void>;
    responseTypes?: string[];
    scopes?: string[];
    ttl?: Record<string, number | ((ctx: KoaContextWithOIDC, token: unknown, client?: Client) => number)>;
    features?: {
      devInteractions?: { enabled: boolean };
      userinfo?: { enabled: boolean };
      introspection?: { enabled: boolean };
      revocation?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled?: boolean;
        logoutSource?: (ctx: KoaContextWithOIDC, form: string) => CanBePromise<void>;
        postLogoutSuccessSource?: (ctx: KoaContextWithOIDC) => CanBePromise<void>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: KoaContextWithOIDC, client: Client, oneOf?: string[]) => CanBePromise<string | string[] | undefined>;
        useGrantedResource?: (ctx: KoaContextWithOIDC, model: unknown) => CanBePromise<boolean>;
        getResourceServerInfo?: (ctx: KoaContextWithOIDC, resourceIndicator: string, client: Client) => CanBePromise<ResourceServerInfo>;
      };
      [feature: string]: UnknownObject | undefined;
    };
    [option: string]: unknown;
  }

  export interface AdapterPayload extends UnknownObject {
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterConstructor = new (name: string) => Adapter;

  export type GrantTypeHandler = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export class Provider extends EventEmitter {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    registerGrantType(name: string, handler: GrantTypeHandler, parameters?: string | string[] | Set<string>, allowedDuplicateParameters?: string | string[] | Set<string>): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    urlFor(name: string, options?: UnknownObject): string;
    readonly Grant: GrantConstructor;
    readonly AccessToken: AccessTokenConstructor;
    readonly ResourceServer: typeof ResourceServer;
  }

  export class OIDCProviderError extends Error {
    error: string;
    error_description?: string;
    status: number;
    statusCode: number;
    expose: boolean;
  }

  export namespace errors {
    class InvalidGrant extends OIDCProviderError {
      constructor(detail?: string);
    }
    class InvalidRequest extends OIDCProviderError {
      constructor(description?: string, code?: number);
    }
    class InvalidTarget extends OIDCProviderError {
      constructor(description?: string);
    }
    class SessionNotFound extends InvalidRequest {}
  }

  export namespace interactionPolicy {
    class Check {
      constructor(reason: string, description: string, check: (ctx: KoaContextWithOIDC) => CanBePromise<boolean>);
      readonly reason: string;
      static readonly REQUEST_PROMPT: true;
      static readonly NO_NEED_TO_PROMPT: false;
    }
    interface Prompt {
      readonly name: string;
      readonly checks: Check[] & { add(check: Check, index?: number): void; get(reason: string): Check | undefined; remove(reason: string): void };
    }
    type Policy = Prompt[] & { get(name: string): Prompt | undefined };
    function base(): Policy;
  }

  export default Provider;
}

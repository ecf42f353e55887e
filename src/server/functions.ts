import authCallback, { config as authCallbackConfig } from '../../functions/auth-callback.mts';
import authLogin, { config as authLoginConfig } from '../../functions/auth-login.mts';
import authLogout, { config as authLogoutConfig } from '../../functions/auth-logout.mts';
import me, { config as meConfig } from '../../functions/me.mts';
import measuresImport, { config as measuresImportConfig } from '../../functions/measures-import.mts';
import myRisksPage, { config as myRisksPageConfig } from '../../functions/my-risks-page.mts';
import proposalPage, { config as proposalPageConfig } from '../../functions/proposal-page.mts';
import proposals, { config as proposalsConfig } from '../../functions/proposals.mts';
import registerImport, { config as registerImportConfig } from '../../functions/register-import.mts';
import registerRisks, { config as registerRisksConfig } from '../../functions/register-risks.mts';
import risk, { config as riskConfig } from '../../functions/risk.mts';
import riskUpdates, { config as riskUpdatesConfig } from '../../functions/risk-updates.mts';

export interface FunctionRoute {
  path: string;
  method?: string | string[] | undefined;
  handler: (req: Request, context: { params: Record<string, string> }) => Response | Promise<Response>;
}

/** The same handlers Netlify runs, with the paths their own config declares. */
export const FUNCTIONS: FunctionRoute[] = [
  { ...authLoginConfig, path: String(authLoginConfig.path), handler: authLogin },
  { ...authCallbackConfig, path: String(authCallbackConfig.path), handler: authCallback },
  { ...authLogoutConfig, path: String(authLogoutConfig.path), handler: authLogout },
  { ...meConfig, path: String(meConfig.path), handler: me },
  { ...riskConfig, path: String(riskConfig.path), handler: risk },
  { ...riskUpdatesConfig, path: String(riskUpdatesConfig.path), handler: riskUpdates },
  { ...proposalsConfig, path: String(proposalsConfig.path), handler: proposals },
  { ...proposalPageConfig, path: String(proposalPageConfig.path), handler: proposalPage },
  { ...myRisksPageConfig, path: String(myRisksPageConfig.path), handler: myRisksPage },
  { ...registerRisksConfig, path: String(registerRisksConfig.path), handler: registerRisks },
  { ...registerImportConfig, path: String(registerImportConfig.path), handler: registerImport },
  { ...measuresImportConfig, path: String(measuresImportConfig.path), handler: measuresImport },
];

/** Matches `/api/risks/:id/updates` style paths; returns the params or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (g === '') return null;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null; // malformed percent-encoding (`%E0%A4%A`): no function's path, rather than a thrown URIError
      }
    } else if (w !== g) return null;
  }
  return params;
}

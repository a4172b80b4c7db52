// src/issuers/: identity providers a person chose to trust, in the editor. This file is the folder's entry
// and the entry of dist/issuers.js, which the first bundle loads on first use (lazy.ts, over the contract
// in issuerApi.ts). The service (trustedIssuers.ts) reads the `jwtStudio.trustedIssuers` setting
// (issuerSettings.ts, issuerScopes.ts), keeps the keys fetched for each issuer in globalState
// (issuerKeysStore.ts) and fetches them (issuerFetch.ts) once the first fetch from a host was confirmed,
// as embed hosts are (profiles/hostConfirm.ts). issuerVerdict.ts checks a token with its issuer's keys,
// issuerTree.ts draws the Keys view's section, issuerCommands.ts holds the commands' bodies, and
// issuerWords.ts the words they share. The pure rules (which URLs, discovery, JWK Sets, freshness,
// verification) are the core's (src/core/issuers/), reached through the first bundle's tokenCore().
//
// Nothing is fetched at activation, and nothing a token names is fetched on its own: only issuers the
// person trusted, when they trust or refresh one, or in the background for a token that needs keys from a
// host they already confirmed (at most once per issuer per few minutes).
import type { IssuersApi, IssuersDeps } from './issuerApi';
import { refreshIssuerCommand, removeIssuerCommand, trustIssuerCommand } from './issuerCommands';
import { issuerChildren, issuerTreeItem } from './issuerTree';
import { issuerVerdict } from './issuerVerdict';
import { TrustedIssuers } from './trustedIssuers';

export function createIssuers(deps: IssuersDeps): IssuersApi {
  const issuers = new TrustedIssuers(deps);
  return {
    verdict: (token, ring) => issuerVerdict(token, ring, issuers, deps.core()),
    treeChildren: (node) => issuerChildren(issuers, node),
    treeItem: (node) => issuerTreeItem(issuers, node),
    trust: (arg) => trustIssuerCommand(issuers, deps.refs, arg),
    refresh: (arg) => refreshIssuerCommand(issuers, arg),
    remove: (arg) => removeIssuerCommand(issuers, arg),
    settingsChanged: () => issuers.settingsChanged(),
  };
}

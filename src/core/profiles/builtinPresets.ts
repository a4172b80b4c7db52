// The built-in presets, imported as data so the core needs no file access.
// Each file is checked against the preset shape by the unit tests.

import type { Preset } from './presets';
import activepieces from '../../../presets/activepieces.json';
import frameable from '../../../presets/frameable.json';
import acadio from '../../../presets/acadio.json';
import metabaseEmbed from '../../../presets/metabase-embed.json';
import metabaseSso from '../../../presets/metabase-sso.json';
import zendesk from '../../../presets/zendesk.json';
import grafana from '../../../presets/grafana.json';
import tableau from '../../../presets/tableau.json';
import canny from '../../../presets/canny.json';
import featurebase from '../../../presets/featurebase.json';
import superset from '../../../presets/superset.json';
import generic from '../../../presets/generic.json';

// JSON imports are typed by their literal shape (alg as string); the unit tests validate them against the real shape.
export const builtinPresetData: readonly Preset[] = [
  activepieces, frameable, acadio, metabaseEmbed, metabaseSso, zendesk, grafana, tableau, canny, featurebase, superset, generic,
] as unknown as Preset[];

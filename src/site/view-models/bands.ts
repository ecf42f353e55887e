import type { Band, ScoringScheme } from '../../core/schemas/scoring-scheme.ts';
import { textColourFor } from '../../core/scoring/rating.ts';

/** CSS class for a band's colour; the band's name is always printed beside it. */
export function bandClass(band: Band, scheme: ScoringScheme): string {
  return `app-band-${scheme.bands.indexOf(band)}`;
}

/** One rule per band: its colour and a text colour that meets WCAG AA contrast on it. */
export function bandStyles(scheme: ScoringScheme): string {
  return scheme.bands
    .map((band, i) => `.app-band-${i}{background:${band.colour};color:${textColourFor(band.colour)}}`)
    .join('');
}

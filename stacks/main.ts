/**
 * The app entry `cdktf.json` points at, so `cdktf synth` works as well as `csm synth` (csm itself does not
 * need cdktf-cli). Reads the catalogue from CSM_CATALOGUE or ./catalogue.
 */
import { loadCatalogue } from '../src/model/load';
import { synthesize } from '../src/synth/synthesize';

synthesize(loadCatalogue(process.env.CSM_CATALOGUE ?? 'catalogue'), { outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });

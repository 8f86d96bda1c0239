import { Rng } from './random.ts';
import { INSTITUTION_WORDS, VENDOR_WEIGHTS, VENDORS, type Vendor } from './record-shape.ts';
import { type BidsFields, REAL_SITES, type Site } from './site-table.ts';

/** A scanner that uploads studies: its fixed bids_meta keys and, for real sites, their protocol. */
export interface ScannerSite {
  vendor: Vendor;
  scanner: BidsFields;
  /** Set for sites transcribed from real records (they bring their bold protocol and tasks). */
  real?: Site;
}

/** Share of studies from the transcribed real sites; the rest come from synthetic scanners. */
const REAL_SITE_SHARE = 0.4;
/** Synthetic scanners; a few upload a lot, most a little (Zipf-like weights). */
const SYNTHETIC_SITES = 400;
const ZIPF_EXPONENT = 0.9;

/**
 * The scanners of one generated database, shared by all modalities so that a site's T1w and
 * bold records carry the same InstitutionName, serial number and software, as real ones do.
 *
 * @example
 * const sites = new SiteCatalog('42');
 * const site = sites.pick(rng); // { vendor: 'Siemens', scanner: { InstitutionName: … } }
 */
export class SiteCatalog {
  private readonly synthetic = new Map<number, ScannerSite>();
  private readonly zipf: Float64Array;
  private readonly realTotal: number;

  constructor(private readonly seed: string) {
    this.zipf = new Float64Array(SYNTHETIC_SITES);
    let sum = 0;
    for (let k = 0; k < SYNTHETIC_SITES; k++) {
      sum += 1 / (k + 1) ** ZIPF_EXPONENT;
      this.zipf[k] = sum;
    }
    this.realTotal = REAL_SITES.reduce((s, site) => s + site.weight, 0);
  }

  pick(rng: Rng): ScannerSite {
    if (rng.chance(REAL_SITE_SHARE)) return this.realSite(rng);
    const r = rng.next() * (this.zipf[SYNTHETIC_SITES - 1] as number);
    let k = 0;
    while ((this.zipf[k] as number) <= r && k < SYNTHETIC_SITES - 1) k++;
    return this.syntheticSite(k);
  }

  private realSite(rng: Rng): ScannerSite {
    let r = rng.next() * this.realTotal;
    for (const site of REAL_SITES) {
      r -= site.weight;
      if (r < 0)
        return { vendor: site.scanner.Manufacturer as Vendor, scanner: site.scanner, real: site };
    }
    const last = REAL_SITES[REAL_SITES.length - 1] as Site;
    return { vendor: last.scanner.Manufacturer as Vendor, scanner: last.scanner, real: last };
  }

  private syntheticSite(k: number): ScannerSite {
    const hit = this.synthetic.get(k);
    if (hit) return hit;
    // Its own stream: site k is the same whichever modality or study asks first.
    const site = makeSyntheticSite(new Rng(`${this.seed}/site/${k}`));
    this.synthetic.set(k, site);
    return site;
  }
}

/** Scanner keys present at this rate in dcm2niix-era sidecars (real rate / 0.835 rich share). */
const SCANNER_KEY_SHARE = {
  InstitutionAddress: 0.83,
  DeviceSerialNumber: 0.97,
  ImagingFrequency: 0.86,
  PatientPosition: 0.98,
  ReceiveCoilName: 0.7,
};

function makeSyntheticSite(rng: Rng): ScannerSite {
  const vendor = rng.weighted(VENDOR_WEIGHTS);
  const shape = VENDORS[vendor];
  const place = rng.pick(INSTITUTION_WORDS.places);
  const scanner: Record<string, string | number> = {
    InstitutionName: rng.chance(0.5)
      ? rng.pick(INSTITUTION_WORDS.kinds)
      : `${rng.pick(INSTITUTION_WORDS.kinds)}_${place}`,
    MagneticFieldStrength: 3,
    Manufacturer: vendor,
    ManufacturersModelName: rng.weighted(shape.models),
    SoftwareVersions: rng.weighted(shape.softwareVersions),
  };
  if (rng.chance(SCANNER_KEY_SHARE.InstitutionAddress)) {
    const country = rng.pick(INSTITUTION_WORDS.countries);
    scanner.InstitutionAddress = `${place}_Street_${1 + rng.int(2000)}_${place}ville_District_${country}_${10000 + rng.int(89999)}`;
  }
  if (rng.chance(SCANNER_KEY_SHARE.DeviceSerialNumber))
    scanner.DeviceSerialNumber = serialNumber(rng, vendor);
  if (rng.chance(SCANNER_KEY_SHARE.ImagingFrequency))
    scanner.ImagingFrequency = shape.imagingFrequency;
  if (rng.chance(SCANNER_KEY_SHARE.PatientPosition)) scanner.PatientPosition = 'HFS';
  if (shape.receiveCoils.length > 0 && rng.chance(SCANNER_KEY_SHARE.ReceiveCoilName)) {
    scanner.ReceiveCoilName = rng.weighted(shape.receiveCoils);
  }
  return { vendor, scanner };
}

/** Siemens and Philips serials are digits; GE's look like "0000000319335MR2" (a string either way). */
function serialNumber(rng: Rng, vendor: Vendor): string {
  if (vendor === 'GE') return `0000000${String(100000 + rng.int(899999))}MR${1 + rng.int(3)}`;
  return String(vendor === 'Siemens' ? 20000 + rng.int(160000) : 10000 + rng.int(80000));
}

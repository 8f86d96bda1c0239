/**
 * The papers to cite. Authors, titles and numbers as the articles give them; the DOIs resolve to
 * the articles.
 */
export interface Citation {
  readonly authors: string;
  readonly title: string;
  readonly journal: string;
  readonly year: number;
  /** Volume and article number / pages as the journal writes them. */
  readonly where: string;
  readonly doi: string;
  readonly bibtex: string;
}

export const WEB_API_PAPER: Citation = {
  authors:
    'Esteban O, Blair RW, Nielson DM, Varada JC, Marrett S, Thomas AG, Poldrack RA, Gorgolewski KJ',
  title:
    'Crowdsourced MRI quality metrics and expert quality annotations for training of humans and machines',
  journal: 'Scientific Data',
  year: 2019,
  where: '6:30',
  doi: '10.1038/s41597-019-0035-4',
  bibtex: `@article{esteban2019crowdsourced,
  author  = {Esteban, Oscar and Blair, Ross W. and Nielson, Dylan M. and Varada, Jan C. and Marrett, Sean and Thomas, Adam G. and Poldrack, Russell A. and Gorgolewski, Krzysztof J.},
  title   = {Crowdsourced {MRI} quality metrics and expert quality annotations for training of humans and machines},
  journal = {Scientific Data},
  year    = {2019},
  volume  = {6},
  pages   = {30},
  doi     = {10.1038/s41597-019-0035-4}
}`,
};

export const MRIQC_PAPER: Citation = {
  authors: 'Esteban O, Birman D, Schaer M, Koyejo OO, Poldrack RA, Gorgolewski KJ',
  title: 'MRIQC: Advancing the automatic prediction of image quality in MRI from unseen sites',
  journal: 'PLOS ONE',
  year: 2017,
  where: '12(9):e0184661',
  doi: '10.1371/journal.pone.0184661',
  bibtex: `@article{esteban2017mriqc,
  author  = {Esteban, Oscar and Birman, Daniel and Schaer, Marie and Koyejo, Oluwasanmi O. and Poldrack, Russell A. and Gorgolewski, Krzysztof J.},
  title   = {{MRIQC}: Advancing the automatic prediction of image quality in {MRI} from unseen sites},
  journal = {PLOS ONE},
  year    = {2017},
  volume  = {12},
  number  = {9},
  pages   = {e0184661},
  doi     = {10.1371/journal.pone.0184661}
}`,
};

/**
 * One line, as a reference list writes it.
 * @example citationText(WEB_API_PAPER).startsWith('Esteban O, Blair RW') // true
 */
export function citationText(c: Citation): string {
  return `${c.authors}. ${c.title}. ${c.journal} ${c.where} (${c.year}). https://doi.org/${c.doi}`;
}

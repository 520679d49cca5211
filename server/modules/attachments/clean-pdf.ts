import {
  EncryptedPDFError,
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from '@cantoo/pdf-lib';
import { findPdfProblem, type PdfProblem } from './check-pdf.ts';

/** What {@link cleanPdf} took out of a PDF: counts only, never content. */
export interface PdfRemovals {
  /** The information dictionary, the file identifier, XMP streams, application data (/PieceInfo), page
   * thumbnails, private catalog entries, authors and dates of comments, metadata segments of JPEG images. */
  metadata: number;
  /** JavaScript actions and document-level scripts. */
  javaScript: number;
  /** Actions that start a program. */
  launchActions: number;
  /** Every other removed action: open and trigger actions, form submission and import, jumps into other
   * files, media playback. */
  otherActions: number;
  /** File specifications that carried or pointed at an embedded or associated file. */
  embeddedFiles: number;
  /** Sound, movie, screen and rich-media annotations, and the document's media and presentation trees. */
  media: number;
  /** XFA form definitions, which can carry scripts. */
  xfaForms: number;
  /** Objects left out of the file: nothing in the cleaned document uses them, or they could not be parsed. */
  droppedObjects: number;
}

export interface CleanedPdf {
  bytes: Buffer;
  removed: PdfRemovals;
}

/** The PDF cannot be cleaned: it is password-protected, or too damaged to read. */
export class UnusablePdf extends Error {
  override name = 'UnusablePdf';
  readonly problem: PdfProblem;

  constructor(problem: PdfProblem, options?: ErrorOptions) {
    super(problem === 'encrypted' ? 'The PDF is encrypted.' : 'The PDF cannot be read.', options);
    this.problem = problem;
  }
}

// The library pauses for a macrotask every so many objects; this keeps the pauses few (each costs a timer)
// while a large file still lets other requests in between.
const OBJECTS_PER_TICK = 2000;

/**
 * Rewrites a PDF without what it hides or does: metadata, scripts and other actions, embedded files, XFA
 * forms, and every object the cleaned document no longer uses (older revisions included). What it shows
 * stays: pages, text, images, forms, comments, outlines, links inside the document and to web addresses.
 * Throws {@link UnusablePdf} for an encrypted or unreadable file.
 */
export async function cleanPdf(bytes: Buffer): Promise<CleanedPdf> {
  const problem = findPdfProblem(bytes);
  if (problem) throw new UnusablePdf(problem);
  try {
    // updateMetadata: false, or the library writes its own Producer and ModDate into a new /Info.
    const document = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: OBJECTS_PER_TICK });
    const removed = new PdfCleaner(document.context).clean();
    const cleaned = await document.save({
      // The library's cross-reference stream inserts each entry with a linear search: quadratic in objects.
      useObjectStreams: false,
      addDefaultPage: false,
      updateFieldAppearances: false,
      objectsPerTick: OBJECTS_PER_TICK,
    });
    return { bytes: Buffer.from(cleaned.buffer, cleaned.byteOffset, cleaned.byteLength), removed };
  } catch (error) {
    if (error instanceof UnusablePdf) throw error;
    throw new UnusablePdf(error instanceof EncryptedPDFError ? 'encrypted' : 'damaged', { cause: error });
  }
}

const names = (...values: string[]) => new Set(values.map((value) => PDFName.of(value)));
const NAME = {
  Action: PDFName.of('Action'),
  Annot: PDFName.of('Annot'),
  DCTDecode: PDFName.of('DCTDecode'),
  Filter: PDFName.of('Filter'),
  FileAttachment: PDFName.of('FileAttachment'),
  FS: PDFName.of('FS'),
  JavaScript: PDFName.of('JavaScript'),
  Kids: PDFName.of('Kids'),
  Launch: PDFName.of('Launch'),
  Length: PDFName.of('Length'),
  Names: PDFName.of('Names'),
  Next: PDFName.of('Next'),
  ObjStm: PDFName.of('ObjStm'),
  Pages: PDFName.of('Pages'),
  S: PDFName.of('S'),
  Subtype: PDFName.of('Subtype'),
  Type: PDFName.of('Type'),
  XRef: PDFName.of('XRef'),
};

// The catalog entries of ISO 32000-2 but /SpiderInfo (where and when web pages were captured); anything
// else there is a producer's private data.
const CATALOG_KEYS = names(
  ...['Type', 'Version', 'Extensions', 'Pages', 'PageLabels', 'Names', 'Dests', 'ViewerPreferences'],
  ...['PageLayout', 'PageMode', 'Outlines', 'Threads', 'OpenAction', 'AA', 'URI', 'AcroForm', 'Metadata'],
  ...['StructTreeRoot', 'MarkInfo', 'Lang', 'OutputIntents', 'PieceInfo', 'OCProperties'],
  ...['Perms', 'Legal', 'Requirements', 'Collection', 'NeedsRendering', 'DSS', 'AF', 'DPartRoot'],
);
// Actions that run code, start programs, send or fetch data, open other files or play media.
const ACTIVE_ACTIONS = names(
  ...['JavaScript', 'Launch', 'ImportData', 'SubmitForm', 'GoToR', 'GoToE', 'Rendition'],
  ...['RichMediaExecute', 'Movie', 'Sound'],
);
// Under /A, /PA and /Next only actions stand, so there anything not known to be harmless goes.
const ACTION_KEYS = names('A', 'PA', 'Next');
const HARMLESS_ACTIONS = names(
  ...['GoTo', 'GoToDp', 'URI', 'Named', 'Thread', 'Hide', 'ResetForm', 'SetOCGState', 'Trans', 'GoTo3DView'],
);
const REMOVED_ANNOTATIONS = names('FileAttachment', 'Sound', 'Movie', 'Screen', 'RichMedia');
// Comments whose /T names the person who wrote them.
const MARKUP_ANNOTATIONS = names(
  ...['Text', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine', 'Highlight', 'Underline'],
  ...['Squiggly', 'StrikeOut', 'Stamp', 'Caret', 'Ink', 'Redact', 'Projection'],
);
const MARKUP_METADATA_KEYS = names('T', 'M', 'CreationDate');

type Removal = (value: PDFObject, holder: PDFDict) => void;

/** One pass over a loaded document; builds the counts as it goes. */
class PdfCleaner {
  private readonly context: PDFContext;
  private readonly removed: PdfRemovals = {
    metadata: 0,
    javaScript: 0,
    launchActions: 0,
    otherActions: 0,
    embeddedFiles: 0,
    media: 0,
    xfaForms: 0,
    droppedObjects: 0,
  };
  // Actions, annotations and file specifications already counted: several places may point at one.
  private readonly counted = new Set<PDFObject>();
  // Keys taken out of every dictionary, wherever it hangs, and how each is counted.
  private readonly removals: Map<PDFName, Removal>;

  constructor(context: PDFContext) {
    this.context = context;
    const metadata: Removal = () => this.removed.metadata++;
    const media: Removal = () => this.removed.media++;
    const removals: Record<string, Removal> = {
      Metadata: metadata,
      PieceInfo: metadata,
      LastModified: metadata,
      // A page's thumbnail image, which need not show what the page shows (say, before a redaction).
      Thumb: metadata,
      OpenAction: (value) => this.countOpenAction(value),
      AA: (value) => this.forEachValue(value, (action) => this.countAction(action)),
      JavaScript: (value) => this.forEachNameTreeValue(value, (action) => this.countAction(action)),
      OnInstantiate: () => this.removed.javaScript++,
      EmbeddedFiles: (value) => this.forEachNameTreeValue(value, (spec) => this.countFileSpec(spec)),
      AF: (value) => this.forEachElement(value, (spec) => this.countFileSpec(spec)),
      EF: (_, holder) => this.countFileSpec(holder),
      // The related files of an /EF (counted there), and the portfolio view over embedded files.
      RF: () => {},
      Collection: () => {},
      XFA: () => this.removed.xfaForms++,
      Renditions: media,
      AlternatePresentations: media,
    };
    this.removals = new Map(Object.entries(removals).map(([key, removal]) => [PDFName.of(key), removal]));
  }

  clean(): PdfRemovals {
    const { trailerInfo } = this.context;
    const root = trailerInfo.Root;
    const catalog = this.context.lookup(root);
    if (
      !(root instanceof PDFRef) ||
      !(catalog instanceof PDFDict) ||
      !(catalog.lookup(NAME.Pages) instanceof PDFDict)
    )
      throw new UnusablePdf('damaged');
    if (trailerInfo.Info) this.removed.metadata++;
    if (trailerInfo.ID) this.removed.metadata++;
    delete trailerInfo.Info;
    delete trailerInfo.ID;
    for (const key of catalog.keys()) {
      if (CATALOG_KEYS.has(key)) continue;
      catalog.delete(key);
      this.removed.metadata++;
    }
    this.keepOnly(this.reachableFrom(root));
    return this.removed;
  }

  /** Walks the document from its catalog, cleaning each dictionary before following what is left in it. */
  private reachableFrom(root: PDFRef): Set<PDFRef> {
    const reachable = new Set<PDFRef>();
    const pending: PDFObject[] = [root];
    for (let object = pending.pop(); object !== undefined; object = pending.pop()) {
      if (object instanceof PDFRef) {
        if (reachable.has(object)) continue;
        const target = this.context.lookup(object);
        // A reference to nothing reads as null; an object the parser could not read would be written out
        // as the raw bytes it came from, unchecked.
        if (target === undefined || target instanceof PDFInvalidObject) continue;
        reachable.add(object);
        pending.push(target);
      } else if (object instanceof PDFStream) {
        this.cleanStream(object);
        pending.push(object.dict);
      } else if (object instanceof PDFDict) {
        this.cleanDict(object);
        for (const value of object.values()) pending.push(value);
      } else if (object instanceof PDFArray) {
        this.cleanArray(object);
        for (const element of object.asArray()) pending.push(element);
      }
    }
    return reachable;
  }

  // The library writes every object it holds; the removed ones must not reach the output.
  private keepOnly(reachable: Set<PDFRef>) {
    let largest = 0;
    for (const [ref] of this.context.enumerateIndirectObjects()) {
      if (reachable.has(ref)) {
        largest = Math.max(largest, ref.objectNumber);
        continue;
      }
      const object = this.context.lookup(ref);
      this.context.delete(ref);
      if (!this.isFileStructure(object)) this.removed.droppedObjects++;
    }
    // New objects (object and cross-reference streams) are numbered after this, so a second cleaning
    // writes the same bytes.
    this.context.largestObjectNumber = largest;
  }

  private cleanDict(dict: PDFDict) {
    for (const [key, value] of dict.entries()) {
      const removal = this.removals.get(key);
      if (removal) {
        removal(value, dict);
        dict.delete(key);
      } else if (this.isRemovable(value, ACTION_KEYS.has(key))) {
        dict.delete(key);
      }
    }
    if (this.isAnnotation(dict, MARKUP_ANNOTATIONS)) {
      let found = false;
      for (const key of MARKUP_METADATA_KEYS) found = dict.delete(key) || found;
      if (found) this.removed.metadata++;
    }
  }

  private cleanArray(array: PDFArray) {
    const elements = array.asArray();
    const kept = elements.filter((element) => !this.isRemovable(element, false));
    if (kept.length === elements.length) return;
    // Removing from the end only: splicing each element out of a long /Annots array would be quadratic.
    for (let index = elements.length - 1; index >= 0; index--) array.remove(index);
    for (const element of kept) array.push(element);
  }

  private cleanStream(stream: PDFStream) {
    // The writer sets /Length itself; an indirect length object would be left behind unused.
    stream.dict.set(NAME.Length, PDFNumber.of(stream.getContentsSize()));
    if (!(stream instanceof PDFRawStream) || !this.isJpeg(stream.dict)) return;
    const stripped = jpegWithoutMetadata(stream.contents);
    if (!stripped) return;
    stream.updateContents(stripped);
    this.removed.metadata++;
  }

  /** Whether a dictionary entry or array element is an active action or annotation, counting it if so. */
  private isRemovable(value: PDFObject, underActionKey: boolean): boolean {
    const target = this.context.lookup(value);
    if (!(target instanceof PDFDict)) return false;
    if (this.isAnnotation(target, REMOVED_ANNOTATIONS)) {
      this.countAnnotation(target);
      return true;
    }
    const kind = target.get(NAME.S);
    const type = target.get(NAME.Type);
    if (!(kind instanceof PDFName) || (type !== undefined && type !== NAME.Action)) return false;
    const active =
      ACTIVE_ACTIONS.has(kind) || ((underActionKey || type === NAME.Action) && !HARMLESS_ACTIONS.has(kind));
    if (active) this.countAction(target);
    return active;
  }

  private isAnnotation(dict: PDFDict, subtypes: Set<PDFName>): boolean {
    const subtype = dict.get(NAME.Subtype);
    const type = dict.get(NAME.Type);
    return subtype instanceof PDFName && subtypes.has(subtype) && (type === undefined || type === NAME.Annot);
  }

  // Object and cross-reference streams are containers the parser has unpacked; the writer makes new ones.
  private isFileStructure(object: PDFObject | undefined): boolean {
    if (!(object instanceof PDFRawStream)) return false;
    const type = object.dict.get(NAME.Type);
    return type === NAME.ObjStm || type === NAME.XRef;
  }

  private isJpeg(dict: PDFDict): boolean {
    const filter = dict.lookup(NAME.Filter);
    if (filter === NAME.DCTDecode) return true;
    return filter instanceof PDFArray && filter.size() === 1 && filter.lookup(0) === NAME.DCTDecode;
  }

  private firstCount(value: PDFObject): PDFObject | undefined {
    const target = this.context.lookup(value);
    if (target === undefined || this.counted.has(target)) return undefined;
    this.counted.add(target);
    return target;
  }

  private countAction(value: PDFObject) {
    const action = this.firstCount(value);
    if (!(action instanceof PDFDict)) return;
    const kind = action.get(NAME.S);
    if (kind === NAME.JavaScript) this.removed.javaScript++;
    else if (kind === NAME.Launch) this.removed.launchActions++;
    else this.removed.otherActions++;
    const next = action.get(NAME.Next);
    if (next) this.forEachElement(next, (chained) => this.countAction(chained));
  }

  private countOpenAction(value: PDFObject) {
    // Either an action or a destination (a page to open at).
    if (this.context.lookup(value) instanceof PDFDict) this.countAction(value);
    else if (this.firstCount(value)) this.removed.otherActions++;
  }

  private countAnnotation(annotation: PDFDict) {
    if (!this.firstCount(annotation)) return;
    if (annotation.get(NAME.Subtype) === NAME.FileAttachment) {
      const spec = annotation.get(NAME.FS);
      if (spec) this.countFileSpec(spec);
    } else {
      this.removed.media++;
    }
  }

  private countFileSpec(value: PDFObject) {
    if (this.firstCount(value)) this.removed.embeddedFiles++;
  }

  private forEachValue(value: PDFObject, visit: (value: PDFObject) => void) {
    const dict = this.context.lookup(value);
    if (dict instanceof PDFDict) for (const entry of dict.values()) visit(entry);
  }

  /** An array's elements, or a single object where an array may be shortened to its one element. */
  private forEachElement(value: PDFObject, visit: (value: PDFObject) => void) {
    const target = this.context.lookup(value);
    if (target instanceof PDFArray) for (const element of target.asArray()) visit(element);
    else if (target !== undefined) visit(value);
  }

  private forEachNameTreeValue(tree: PDFObject, visit: (value: PDFObject) => void) {
    const seen = new Set<PDFObject>();
    const pending = [tree];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      const dict = this.context.lookup(node);
      if (!(dict instanceof PDFDict) || seen.has(dict)) continue;
      seen.add(dict);
      const pairs = dict.lookup(NAME.Names);
      if (pairs instanceof PDFArray)
        for (let index = 1; index < pairs.size(); index += 2) visit(pairs.get(index));
      const kids = dict.lookup(NAME.Kids);
      if (kids instanceof PDFArray) for (const kid of kids.asArray()) pending.push(kid);
    }
  }
}

const MARKER = 0xff;
const START_OF_SCAN = 0xda;
const END_OF_IMAGE = 0xd9;
const APP0 = 0xe0;
const APP15 = 0xef;
const COMMENT = 0xfe;
// Kept because they change the colours: the ICC profile (APP2) and Adobe's colour transform flag (APP14).
const COLOUR_SEGMENTS = new Map([
  [0xe2, Buffer.from('ICC_PROFILE\0', 'latin1')],
  [0xee, Buffer.from('Adobe', 'latin1')],
]);

/**
 * The JPEG without its EXIF (camera, time, GPS position, thumbnail), XMP, IPTC and comment segments and
 * without anything after its end (phones append further images there), or undefined when there was
 * nothing to take out or it does not parse as a JPEG. PDF readers ignore all of these when drawing.
 */
function jpegWithoutMetadata(jpeg: Uint8Array): Uint8Array | undefined {
  if (jpeg[0] !== MARKER || jpeg[1] !== 0xd8) return undefined;
  const kept: Uint8Array[] = [jpeg.subarray(0, 2)];
  let removed = false;
  let offset = 2;
  for (;;) {
    while (jpeg[offset] === MARKER && jpeg[offset + 1] === MARKER) offset++;
    if (offset + 2 > jpeg.length || jpeg[offset] !== MARKER) return undefined;
    const marker = jpeg[offset + 1] as number;
    if (marker === END_OF_IMAGE) {
      kept.push(jpeg.subarray(offset, offset + 2));
      // Line ends and padding after the end are common and say nothing.
      removed ||= jpeg.subarray(offset + 2).some((byte) => byte > 0x20);
      break;
    }
    if (offset + 4 > jpeg.length) return undefined;
    const end = offset + 2 + (((jpeg[offset + 2] as number) << 8) | (jpeg[offset + 3] as number));
    if (end > jpeg.length || end < offset + 4) return undefined;
    if (isMetadataSegment(marker, jpeg.subarray(offset + 4, end))) removed = true;
    else kept.push(jpeg.subarray(offset, end));
    offset = end;
    if (marker !== START_OF_SCAN) continue;
    const scanEnd = endOfScan(jpeg, offset);
    kept.push(jpeg.subarray(offset, scanEnd));
    offset = scanEnd;
    // A file cut off inside its image data: keep what there is, without the metadata.
    if (offset >= jpeg.length) break;
  }
  return removed ? Buffer.concat(kept) : undefined;
}

/** Where the entropy-coded data after a start-of-scan header ends: at the next real marker. */
function endOfScan(jpeg: Uint8Array, from: number): number {
  let offset = from;
  for (;;) {
    offset = jpeg.indexOf(MARKER, offset);
    if (offset < 0 || offset + 1 >= jpeg.length) return jpeg.length;
    const next = jpeg[offset + 1] as number;
    // 0xff00 is a stuffed 0xff byte, 0xffd0–0xffd7 restart markers, 0xffff fill: all part of the scan.
    if (next === 0 || (next >= 0xd0 && next <= 0xd7) || next === MARKER) {
      offset += next === MARKER ? 1 : 2;
      continue;
    }
    return offset;
  }
}

function isMetadataSegment(marker: number, payload: Uint8Array): boolean {
  if (marker === COMMENT) return true;
  if (marker < APP0 || marker > APP15) return false;
  const signature = COLOUR_SEGMENTS.get(marker);
  return !signature || Buffer.compare(payload.subarray(0, signature.length), signature) !== 0;
}

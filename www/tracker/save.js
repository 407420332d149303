// Saving a file from the widget, under a strict Content Security Policy: a
// Blob behind an object URL, followed by an <a download> (a download is a
// navigation, which no fetch or img-src directive governs), the URL revoked
// after; and a PNG made from an SVG by drawing it through an Image into a
// canvas. Loading that Image from a blob: URL is an image load: a page whose
// CSP has `img-src 'self'` (the demo's) refuses it, and the PNG fails with
// `CspBlocked` so that the control can say which directive is missing.

/** The error of a PNG whose SVG the page's CSP would not load as an image. */
export class CspBlocked extends Error {}

/** Offers `blob` to the reader as a file called `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.click();
  // The download has started from the URL by now; a second is plenty either way.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Offers `text` as a file called `name` of MIME type `type`. */
export function saveText(text, name, type) {
  saveBlob(new Blob([text], { type }), name);
}

/**
 * A PNG (a Promise of a Blob) of the SVG text `svg`, `width` × `height` px.
 * Rejects with CspBlocked when the image was refused by the page's CSP
 * (a `securitypolicyviolation` for the blob: URL, or an error with none).
 */
export function svgToPng(svg, width, height) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    let refused = false;
    const onViolation = (ev) => {
      if (String(ev.blockedURI).startsWith("blob")) refused = true;
    };
    document.addEventListener("securitypolicyviolation", onViolation);
    const done = () => {
      document.removeEventListener("securitypolicyviolation", onViolation);
      URL.revokeObjectURL(url);
    };
    const img = new Image();
    img.onload = () => {
      try {
        const canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        canvas.getContext("2d").drawImage(img, 0, 0, width, height);
        done();
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the canvas gave no PNG"))), "image/png");
      } catch (err) {
        done();
        reject(err);
      }
    };
    img.onerror = () => {
      // The violation event is queued with the error: give it a turn to arrive.
      setTimeout(() => {
        const csp = refused;
        done();
        reject(csp ? new CspBlocked("img-src") : new Error("the picture did not load as an image (a Content Security Policy without blob: in img-src refuses it)"));
      }, 50);
    };
    img.src = url;
  });
}

/** A file name from `text` ("How states curbed…" -> "how-states-curbed"), at most 60 characters. */
export function slug(text) {
  const s = String(text || "")
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || "sanctions-tracker";
}

// The glassbox explorer page: draws window.REPORT (data.js, written by `glassbox report`; its
// fields are listed in explain/report/report_json.hpp) on canvases and inline SVG. Plain
// JavaScript, no framework, no network: the page must open from the file system.
"use strict";

(function () {
  const report = window.REPORT;
  if (!report) {
    document.body.textContent = "data.js is missing or damaged: run `glassbox report` again.";
    return;
  }
  const height = report.height;
  const width = report.width;
  // A text model's report shows documents: a map is a row of coloured words, not a canvas, and
  // "a pixel" below is then a word (its index in the document, row 0).
  const isText = report.kind === "text";

  // What is on screen: the chosen image, per family with a slider the map it shows, and the pixel
  // (or word) last pointed at (its value is shown on every card).
  const state = { sample: 0, chosenMap: {}, pixel: null };

  // ---- numbers ------------------------------------------------------------------------------

  // base64 of little-endian float32 (explain/report/float_base64.hpp) → Float32Array, read with
  // a DataView so the page is right on any byte order.
  function decodeFloats(text) {
    const bytes = atob(text);
    const view = new DataView(new ArrayBuffer(bytes.length));
    for (let i = 0; i < bytes.length; i++) view.setUint8(i, bytes.charCodeAt(i));
    const values = new Float32Array(bytes.length / 4);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(4 * i, true);
    return values;
  }

  const decoded = new Map();
  function floats(key, text) {
    if (!decoded.has(key)) decoded.set(key, decodeFloats(text));
    return decoded.get(key);
  }
  function inputOf(n) {
    return floats("input " + n, report.samples[n].input);
  }
  function relevanceOf(m, n) {
    return floats("map " + m + " " + n, report.maps[m].samples[n].relevance);
  }

  function className(k) {
    if (k < 0) return "?";
    return report.class_names && report.class_names[k] !== undefined ? report.class_names[k] : String(k);
  }

  function formatNumber(value) {
    if (value === 0) return "0";
    const magnitude = Math.abs(value);
    return magnitude >= 1e-3 && magnitude < 1e4 ? value.toPrecision(4) : value.toExponential(3);
  }

  // ---- colours: the same maps as explain/render/colormap.cpp ------------------------------------

  // Diverging red/white/blue: t = clamp(R / limit, −1, 1), the faded channels 255·(1 − |t|)
  // rounded. Math.fround repeats the C++ float arithmetic, so a pixel gets the bytes of the PNGs.
  function divergingColor(relevance, limit) {
    if (Number.isNaN(relevance)) return [128, 128, 128];
    let t;
    if (limit > 0 && Number.isFinite(limit)) {
      t = Math.min(1, Math.max(-1, Math.fround(relevance / limit)));
    } else {
      t = relevance > 0 ? 1 : relevance < 0 ? -1 : 0;
    }
    const faded = Math.round(Math.fround(255 * Math.fround(1 - Math.abs(t))));
    return t >= 0 ? [255, faded, faded] : [faded, faded, 255];
  }

  // Ink on paper: intensity 1 black, 0 white (the white that means "no relevance").
  function greyColor(intensity) {
    if (Number.isNaN(intensity)) return [128, 128, 128];
    const level = Math.round(Math.fround(255 * Math.fround(1 - Math.min(1, Math.max(0, intensity)))));
    return [level, level, level];
  }

  function paint(canvas, values, colorOf) {
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    const image = context.createImageData(width, height);
    for (let i = 0; i < values.length; i++) {
      const rgb = colorOf(values[i]);
      image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- hovering: the value under the pointer ------------------------------------------------------

  const hover = document.getElementById("hover");
  const tooltip = document.getElementById("tooltip");

  // Pixel (row, column) of `canvas` under the pointer of `event`: the position inside the border
  // (clientLeft/clientTop) over the drawn size (clientWidth/clientHeight).
  function pixelAt(canvas, event) {
    const box = canvas.getBoundingClientRect();
    const x = (event.clientX - box.left - canvas.clientLeft) / canvas.clientWidth;
    const y = (event.clientY - box.top - canvas.clientTop) / canvas.clientHeight;
    const column = Math.min(width - 1, Math.max(0, Math.floor(x * width)));
    const row = Math.min(height - 1, Math.max(0, Math.floor(y * height)));
    return { row, column };
  }

  // `describe(row, column)` gives [what, value] for the pixel; the readout keeps the value in
  // full (data-value, the float as JavaScript prints it) and shows it rounded.
  function watchPointer(canvas, describe) {
    canvas.addEventListener("mousemove", (event) => {
      const { row, column } = pixelAt(canvas, event);
      const [what, value, mapId] = describe(row, column);
      const text = what + ", pixel (row " + row + ", column " + column + "): " + formatNumber(value);
      hover.textContent = text;
      hover.dataset.map = mapId || "";
      hover.dataset.sample = String(state.sample);
      hover.dataset.row = String(row);
      hover.dataset.column = String(column);
      hover.dataset.value = String(value);
      tooltip.textContent = formatNumber(value);
      tooltip.style.left = event.clientX + 14 + "px";
      tooltip.style.top = event.clientY + 10 + "px";
      tooltip.hidden = false;
      showPixelEverywhere(row, column);
    });
    canvas.addEventListener("mouseleave", () => {
      tooltip.hidden = true;
    });
  }

  // Words: the same readout for the word under the pointer; data-word is its index in the
  // document, data-feature the model input it filled.
  function watchWords(box, describe) {
    box.addEventListener("mousemove", (event) => {
      const span = event.target.closest ? event.target.closest("span.word") : null;
      if (!span) return;
      const k = Number(span.dataset.word);
      const [what, value, mapId] = describe(k);
      const words = report.samples[state.sample].document.words;
      hover.textContent = what + ', word ' + k + ' "' + words[k] + '": ' + formatNumber(value);
      hover.dataset.map = mapId || "";
      hover.dataset.sample = String(state.sample);
      hover.dataset.word = String(k);
      hover.dataset.feature = String(report.samples[state.sample].document.features[k]);
      hover.dataset.value = String(value);
      tooltip.textContent = formatNumber(value);
      tooltip.style.left = event.clientX + 14 + "px";
      tooltip.style.top = event.clientY + 10 + "px";
      tooltip.hidden = false;
      showPixelEverywhere(0, k);
    });
    box.addEventListener("mouseleave", () => {
      tooltip.hidden = true;
    });
  }

  // A document's words into `box`, each coloured by `colorOf(k)` (white when it returns null).
  function writeWords(box, words, colorOf) {
    box.textContent = "";
    words.forEach((word, k) => {
      const span = element("span", { class: "word", "data-word": String(k) }, word);
      const rgb = colorOf(k);
      if (rgb) {
        span.style.background = "rgb(" + rgb.join(",") + ")";
        // Dark text on light colours, white on saturated ones, as the text heatmap pages do.
        if (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 140) span.style.color = "#fff";
      }
      box.appendChild(span);
      box.appendChild(document.createTextNode(" "));
    });
  }

  // ---- 1. the picker ----------------------------------------------------------------------------

  function buildPicker() {
    const box = document.getElementById("thumbnails");
    report.samples.forEach((sample, n) => {
      const button = element("button", { id: "sample-" + n, type: "button", role: "option", title: sample.name });
      if (isText) {
        button.appendChild(element("b", {}, sample.name));
        button.appendChild(element("br"));
      } else {
        const canvas = element("canvas");
        paint(canvas, inputOf(n), greyColor);
        button.appendChild(canvas);
      }
      button.appendChild(element("span", {}, className(sample.label) + " → " + className(sample.prediction)));
      button.addEventListener("click", () => chooseSample(n));
      box.appendChild(button);
    });
  }

  // ---- 2. the input and the probabilities -----------------------------------------------------

  function showSample() {
    const n = state.sample;
    const sample = report.samples[n];
    if (isText) {
      writeWords(document.getElementById("input-words"), sample.document.words, (k) =>
        sample.document.features[k] < 0 ? [221, 221, 221] : null);
    } else {
      paint(document.getElementById("input-canvas"), inputOf(n), greyColor);
    }
    document.getElementById("sample-caption").textContent =
      sample.name + ": true class " + className(sample.label) + ", predicted " + className(sample.prediction);
    const box = document.getElementById("probabilities");
    box.textContent = "";
    sample.probabilities.forEach((p, k) => {
      const classes = ["probability"];
      if (k === sample.prediction) classes.push("predicted");
      if (k === sample.label) classes.push("true");
      const row = element("div", { class: classes.join(" ") });
      row.appendChild(element("span", { class: "name" }, className(k)));
      const bar = element("span", { class: "bar" });
      bar.style.width = Math.max(1, Math.round(p * 200)) + "px";
      row.appendChild(bar);
      row.appendChild(element("span", {}, (100 * p).toFixed(p < 0.001 ? 3 : 1) + "%"));
      box.appendChild(row);
    });
    document.querySelectorAll("#thumbnails button").forEach((button, k) => {
      button.classList.toggle("selected", k === n);
      button.setAttribute("aria-selected", k === n ? "true" : "false");
    });
  }

  // ---- 3. the maps, one card per family -------------------------------------------------------

  function mapLabel(m) {
    const map = report.maps[m];
    const family = familyOf(map.family);
    return family.label + (family.parameter ? " " + family.parameter + " = " + map.value : "");
  }
  function familyOf(id) {
    return report.families.find((family) => family.id === id);
  }

  function buildCards() {
    const box = document.getElementById("maps");
    report.families.forEach((family) => {
      const card = element("figure", { class: "card", id: "card-" + family.id });
      card.appendChild(element("h3", {}, family.label));
      if (isText) {
        const box = element("div", { class: "words map", id: "map-" + family.id });
        card.appendChild(box);
        watchWords(box, (k) => {
          const m = state.chosenMap[family.id];
          return [mapLabel(m), relevanceOf(m, state.sample)[k], report.maps[m].id];
        });
      } else {
        const canvas = element("canvas", { class: "map", id: "map-" + family.id });
        card.appendChild(canvas);
        watchPointer(canvas, (row, column) => {
          const m = state.chosenMap[family.id];
          return [mapLabel(m), relevanceOf(m, state.sample)[row * width + column], report.maps[m].id];
        });
      }
      // Start at the parameter the command line uses by default (0.25), else the middle value.
      let chosen = family.maps.findIndex((m) => report.maps[m].value === 0.25);
      if (chosen < 0) chosen = Math.floor(family.maps.length / 2);
      state.chosenMap[family.id] = family.maps[family.parameter ? chosen : 0];
      if (family.parameter) {
        const slider = element("div", { class: "slider" });
        const input = element("input", {
          type: "range",
          id: "slider-" + family.id,
          min: "0",
          max: String(family.maps.length - 1),
          step: "1",
          value: String(chosen),
          "aria-label": family.parameter,
        });
        const shown = element("span", { id: "value-" + family.id });
        input.addEventListener("input", () => {
          state.chosenMap[family.id] = family.maps[Number(input.value)];
          showMaps();
          drawFlipping();
        });
        slider.appendChild(element("span", {}, family.parameter));
        slider.appendChild(input);
        slider.appendChild(shown);
        card.appendChild(slider);
      }
      card.appendChild(element("p", { id: "caption-" + family.id }));
      card.appendChild(element("p", { id: "at-pixel-" + family.id, class: "at-pixel" }));
      card.appendChild(element("p", {}, family.description));
      box.appendChild(card);
    });
  }

  // The same pixel in every card, so that the methods can be compared on it.
  function showPixelEverywhere(row, column) {
    state.pixel = { row, column };
    report.families.forEach((family) => {
      const value = relevanceOf(state.chosenMap[family.id], state.sample)[row * width + column];
      document.getElementById("at-pixel-" + family.id).textContent =
        (isText ? "R(word " + column + ")" : "R(" + row + ", " + column + ")") + " = " + formatNumber(value);
    });
  }

  function showMaps() {
    const n = state.sample;
    report.families.forEach((family) => {
      const m = state.chosenMap[family.id];
      const entry = report.maps[m].samples[n];
      const canvas = document.getElementById("map-" + family.id);
      const relevance = relevanceOf(m, n);
      if (isText) {
        writeWords(canvas, report.samples[n].document.words, (k) => divergingColor(relevance[k], entry.limit));
      } else {
        paint(canvas, relevance, (r) => divergingColor(r, entry.limit));
      }
      canvas.dataset.map = report.maps[m].id;
      if (family.parameter) {
        document.getElementById("value-" + family.id).textContent = "= " + report.maps[m].value;
      }
      document.getElementById("caption-" + family.id).textContent =
        "ΣR = " + formatNumber(entry.sum) + " of f(x) = " + formatNumber(entry.logit) +
        "; saturated at |R| = " + formatNumber(entry.limit);
    });
    if (state.pixel) showPixelEverywhere(state.pixel.row, state.pixel.column);
  }

  // ---- 4. the conservation table ------------------------------------------------------------------

  function buildConservationChoice() {
    const select = document.getElementById("conservation-method");
    report.maps.forEach((map, m) => {
      if (!map.conservation) return;
      const option = element("option", { value: String(m) }, mapLabel(m));
      if (map.id === "z-box-first") option.selected = true;
      select.appendChild(option);
    });
    select.addEventListener("change", showConservation);
  }

  function showConservation() {
    const table = document.getElementById("conservation");
    table.textContent = "";
    const select = document.getElementById("conservation-method");
    if (select.value === "") return;
    const conservation = report.maps[Number(select.value)].conservation;
    const totals = conservation.totals[state.sample];
    const layerCount = conservation.layers.length;
    const header = element("tr");
    ["layer", "treatment", "ΣR at its input", "absorbed", "kept by"].forEach((name) =>
      header.appendChild(element("th", {}, name)));
    table.appendChild(header);
    const addRow = (cells) => {
      const row = element("tr");
      cells.forEach(([text, number]) => row.appendChild(element("td", number ? { class: "number" } : {}, text)));
      table.appendChild(row);
    };
    addRow([["output"], ["f(x), the explained logit"], [formatNumber(totals[layerCount]), true], [""], [""]]);
    for (let l = layerCount - 1; l >= 0; l--) {
      const absorbed = totals[l + 1] - totals[l];
      addRow([[String(l)], [conservation.layers[l]], [formatNumber(totals[l]), true],
        [formatNumber(absorbed), true], [conservation.kept_by[l]]]);
    }
  }

  // ---- 5. pixel flipping (inline SVG) -------------------------------------------------------------

  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173"];
  const hiddenCurves = new Set();

  // One curve per family (the map its slider shows), then the random order.
  function flippingCurves() {
    const curves = report.families.map((family, f) => {
      const m = state.chosenMap[family.id];
      return { key: family.id, label: mapLabel(m), color: palette[f % palette.length],
        flipping: report.maps[m].flipping, dashed: false };
    });
    curves.push({ key: "random", label: "random order", color: "#777", flipping: report.flipping.random, dashed: true });
    return curves;
  }

  function drawFlipping() {
    const svgNamespace = "http://www.w3.org/2000/svg";
    const plot = document.getElementById("flipping-plot");
    const legend = document.getElementById("flipping-legend");
    plot.textContent = "";
    legend.textContent = "";
    const regions = report.flipping.regions;
    const curves = flippingCurves();
    const size = { width: 560, height: 360, left: 56, right: 12, top: 12, bottom: 44 };
    let low = Infinity;
    let high = -Infinity;
    curves.forEach((curve) => curve.flipping.mean_logit.forEach((v) => {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }));
    if (!(high > low)) high = low + 1;
    const xOf = (x) => size.left + (x / regions[regions.length - 1]) * (size.width - size.left - size.right);
    const yOf = (y) => size.top + ((high - y) / (high - low)) * (size.height - size.top - size.bottom);

    const svg = document.createElementNS(svgNamespace, "svg");
    svg.setAttribute("width", size.width);
    svg.setAttribute("height", size.height);
    svg.setAttribute("id", "flipping-svg");
    const add = (tag, attributes, text) => {
      const node = document.createElementNS(svgNamespace, tag);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
      if (text !== undefined) node.textContent = text;
      svg.appendChild(node);
      return node;
    };
    // Axes with a few ticks.
    add("line", { x1: size.left, y1: yOf(low), x2: size.width - size.right, y2: yOf(low), stroke: "#444" });
    add("line", { x1: size.left, y1: size.top, x2: size.left, y2: yOf(low), stroke: "#444" });
    for (let i = 0; i <= 4; i++) {
      const y = low + ((high - low) * i) / 4;
      add("text", { x: size.left - 6, y: yOf(y) + 4, "text-anchor": "end", "font-size": 11 }, formatNumber(y));
      const x = (regions[regions.length - 1] * i) / 4;
      add("text", { x: xOf(x), y: yOf(low) + 16, "text-anchor": "middle", "font-size": 11 }, String(Math.round(x)));
    }
    add("text", { x: (size.left + size.width) / 2, y: size.height - 6, "text-anchor": "middle", "font-size": 12 },
      isText ? "words deleted, most relevant first"
        : "regions destroyed (" + report.flipping.patch + "×" + report.flipping.patch + " pixels), most relevant first");
    add("text", { x: 12, y: size.top + (size.height - size.bottom) / 2, "font-size": 12, "text-anchor": "middle",
      transform: "rotate(-90 12 " + (size.top + (size.height - size.bottom) / 2) + ")" }, "mean logit");

    curves.forEach((curve) => {
      const row = element("label");
      const box = element("input", { type: "checkbox", id: "curve-" + curve.key });
      box.checked = !hiddenCurves.has(curve.key);
      box.addEventListener("change", () => {
        if (box.checked) hiddenCurves.delete(curve.key); else hiddenCurves.add(curve.key);
        drawFlipping();
      });
      const swatch = element("span", { class: "swatch" });
      swatch.style.background = curve.color;
      row.appendChild(box);
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(curve.label + " (AOPC " + curve.flipping.aopc.toFixed(2) + ")"));
      legend.appendChild(row);
      if (hiddenCurves.has(curve.key)) return;
      const points = curve.flipping.mean_logit.map((v, k) => xOf(regions[k]).toFixed(1) + "," + yOf(v).toFixed(1));
      add("polyline", { points: points.join(" "), fill: "none", stroke: curve.color, "stroke-width": 1.6,
        "stroke-dasharray": curve.dashed ? "5 4" : "none" }).appendChild(
        document.createElementNS(svgNamespace, "title")).textContent = curve.label;
    });
    plot.appendChild(svg);
  }

  // ---- putting it together ------------------------------------------------------------------------

  function chooseSample(n) {
    state.sample = n;
    showSample();
    showMaps();
    showConservation();
  }

  const things = isText ? " test documents, " : " test images, ";
  document.getElementById("model-line").textContent =
    "Model " + report.model + ": " + report.samples.length + things + report.maps.length +
    " maps of " + report.families.length + " methods and rules.";
  document.getElementById("flipping-note").textContent = isText
    ? "Word deletion: the mean logit of the explained class over all " + report.samples.length +
      " documents as each method's most relevant words are deleted (set to 0: absent, or padding), " +
      "one per step; a steeper fall (a larger AOPC) means the method found the evidence. Families " +
      "with a slider show the value chosen above."
    : "The mean logit of the explained class over all " + report.samples.length + " images as each " +
      "method's most relevant regions are replaced by noise; a steeper fall (a larger AOPC) means the " +
      "method found the evidence. Families with a slider show the value chosen above.";
  if (isText) {
    // The image page's words become a document page's: headings and the input card.
    document.title = "glassbox explorer: " + report.model;
    document.body.classList.add("text");
    document.querySelector("#picker-section h2").textContent = "1. Pick a document";
    document.querySelector("#maps-section h2").textContent =
      "3. Every method's explanation of the predicted class, word by word";
    document.querySelector("#maps-section .note").textContent =
      "Red: evidence for the class; blue: evidence against; white: none. Each word has its share " +
      "of the relevance of the input it filled (a word that occurs c times gets 1/c of its " +
      "vocabulary entry's), as in the pages of glassbox explain. Each map is scaled on its own. " +
      "Move over a word to read its relevance, in that map and, under each card, in every other.";
    document.querySelector("#flipping-section h2").textContent =
      "5. Word deletion: which explanation finds the evidence?";
    const canvas = document.getElementById("input-canvas");
    const words = element("div", { id: "input-words", class: "words" });
    canvas.replaceWith(words);
  } else {
    watchPointer(document.getElementById("input-canvas"), (row, column) =>
      ["input intensity", inputOf(state.sample)[row * width + column], ""]);
  }
  // The arrow keys step through the images, except where they move a slider or a menu.
  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, select")) return;
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    const count = report.samples.length;
    chooseSample((state.sample + step + count) % count);
  });
  buildPicker();
  buildCards();
  buildConservationChoice();
  chooseSample(0);
  drawFlipping();
})();

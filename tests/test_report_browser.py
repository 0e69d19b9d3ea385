"""The explorer page of `glassbox report` in a real browser: Debian's Chromium, headless, driven by
Selenium (python3-selenium, chromium-driver).

A small MLP is trained on 2,000 MNIST images (a few seconds), its report is written for four test
images, and the page is opened from file:// and checked:

  1. it loads with no console errors (the browser's log has no SEVERE entry);
  2. choosing another image changes every map;
  3. moving the ε slider changes the ε map;
  4. hovering a pixel of the ε map shows the value that `glassbox explain --method lrp --rule
     epsilon --epsilon v --npy` writes for the same image and pixel (to 1e-6), and the pixel has
     the colour explain/render/colormap.hpp gives that value;
  5. a screenshot is saved (GLASSBOX_TEST_OUTPUT/report_browser.png) and is not blank.

Then the same for a text model (a small tf-idf MLP on 1,000 20 Newsgroups documents), whose page
shows documents word by word: it loads without console errors, another document changes the maps,
the ε slider changes the ε map, and hovering a word of the ε map shows the value `glassbox explain
--npy` implies for that word (R_i / c_i: its feature's relevance shared among the c_i words that
filled it, explain/text_relevance.hpp), to 1e-6. A screenshot goes to report_browser_text.png.
Without 20 Newsgroups that half is skipped with a message (it fails under CI).

Without a browser, Selenium or MNIST the test is skipped (exit status 77, meson's "skipped") with a
message, except under CI (CI=true), where it fails: CI must run it.

Run by meson (`meson test -C build --suite browser`), which passes GLASSBOX_EXECUTABLE."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SKIPPED = 77


def in_ci():
    return os.environ.get("CI") == "true"


def skip_or_fail(reason):
    if in_ci():
        print("FAIL (CI=true, so this may not be skipped): " + reason)
        sys.exit(1)
    print("skipped: " + reason)
    sys.exit(SKIPPED)


def check(condition, message):
    if not condition:
        print("FAIL: " + message)
        sys.exit(1)
    print("ok: " + message)


def glassbox(*arguments):
    command = [os.environ["GLASSBOX_EXECUTABLE"], *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print("FAIL: " + " ".join(command) + "\n" + result.stdout + result.stderr)
        sys.exit(1)
    return result.stdout


def mnist_present():
    root = os.environ.get("GLASSBOX_DATA") or "data"
    names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    return all(os.path.exists(os.path.join(root, "mnist", name)) for name in names)


def newsgroups_present():
    root = os.environ.get("GLASSBOX_DATA") or "data"
    return (os.path.exists(os.path.join(root, "20news", "20news-bydate.tar.gz")) or
            os.path.isdir(os.path.join(root, "20news", "20news-bydate-train")))


def read_npy(path):
    """A little-endian float32 .npy file as (shape, flat list of floats); no numpy needed."""
    with open(path, "rb") as file:
        data = file.read()
    assert data[:6] == b"\x93NUMPY", path + " is not a .npy file"
    header_length = struct.unpack("<H", data[8:10])[0]
    header = eval(data[10:10 + header_length].decode("latin1"))  # a Python dict literal
    assert header["descr"] == "<f4" and not header["fortran_order"], header
    count = 1
    for size in header["shape"]:
        count *= size
    values = struct.unpack("<%df" % count, data[10 + header_length:10 + header_length + 4 * count])
    return header["shape"], list(values)


def float32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def diverging_color(relevance, limit):
    """The colour colormap.hpp specifies: t = clamp(R / limit, -1, 1), the faded channels
    255·(1 − |t|) rounded to nearest; red for t ≥ 0, blue below."""
    t = min(1.0, max(-1.0, float32(relevance / limit)))
    faded = int(float32(255.0 * float32(1.0 - abs(t))) + 0.5)
    return [255, faded, faded] if t >= 0 else [faded, faded, 255]


def png_pixels(data):
    """The RGB(A) pixels of an 8-bit, non-interlaced PNG (what Chromium's screenshots are), as a
    list of rows of bytes with the filters undone (PNG specification, section 9)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, width, height, channels = 8, b"", 0, 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6), (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - up_left
                distances = (abs(estimate - left), abs(estimate - up), abs(estimate - up_left))
                nearest = (left, up, up_left)[distances.index(min(distances))]
                line[x] = (line[x] + nearest) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def screenshot_not_blank(driver, screenshot):
    """Saves a screenshot and checks it is not blank: many colours, a fair share not white."""
    check(driver.save_screenshot(screenshot), "screenshot saved to " + screenshot)
    with open(screenshot, "rb") as file:
        shot_width, shot_height, channels, rows = png_pixels(file.read())
    colours, coloured = set(), 0
    for line in rows[::4]:
        for x in range(0, shot_width * channels, 4 * channels):
            pixel = bytes(line[x:x + 3])
            colours.add(pixel)
            coloured += pixel != b"\xff\xff\xff"
    sampled = len(rows[::4]) * len(range(0, shot_width * channels, 4 * channels))
    check(len(colours) > 50 and coloured > 0.05 * sampled,
          "the screenshot (%dx%d) is not blank: %d colours, %.0f%% not white" %
          (shot_width, shot_height, len(colours), 100.0 * coloured / sampled))


def check_epsilon_slider(driver, By, Keys, drawing_of, what):
    """One step of the ε slider shows another map (its id and its drawing, `drawing_of(id)`);
    returns the new map's id."""
    epsilon_map = driver.find_element(By.ID, "map-epsilon")
    first_id = epsilon_map.get_attribute("data-map")
    first_drawing = drawing_of("map-epsilon")
    driver.find_element(By.ID, "slider-epsilon").send_keys(Keys.ARROW_RIGHT)
    second_id = epsilon_map.get_attribute("data-map")
    check(second_id != first_id and drawing_of("map-epsilon") != first_drawing,
          "the ε slider changes %s (%s -> %s)" % (what, first_id, second_id))
    return second_id


def check_text_report(driver, scratch, By, Keys, ActionChains):
    """The page of a text model: documents, word by word (see the module's docstring)."""
    model = os.path.join(scratch, "text.json")
    folder = os.path.join(scratch, "text-report")
    glassbox("train", "--preset", "text-mlp", "--layers", "dense:16,relu,dense:20",
             "--train-size", "1000", "--vocabulary-size", "2000", "--validation-size", "0",
             "--epochs", "2", "--out", model)
    printed = glassbox("report", "--model", model, "--out", folder, "--count", "4")
    check("file://" in printed, "report of a text model prints the page to open")
    driver.get("file://" + os.path.join(folder, "index.html"))

    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, "the text page loads from file:// with no console errors %s" % errors)
    cards = driver.find_elements(By.CSS_SELECTOR, "#maps div.words")
    check(len(cards) >= 9, "the text page shows %d method cards of words" % len(cards))
    families = [card.get_attribute("id") for card in cards]

    def words_of(element_id):
        return driver.execute_script(
            "return document.getElementById(arguments[0]).innerHTML;", element_id)

    before = {name: words_of(name) for name in families}
    driver.find_element(By.ID, "sample-1").click()
    after = {name: words_of(name) for name in families}
    unchanged = [name for name in families if before[name] == after[name]]
    check(not unchanged, "choosing document 1 changes every map (unchanged: %s)" % unchanged)

    second_id = check_epsilon_slider(driver, By, Keys, words_of, "the ε map of words")

    # The .npy of `explain` holds R_i per input feature i; a word that filled feature i shows
    # R_i / c_i, c_i the words of the document that filled it.
    epsilon = second_id[len("epsilon-"):]
    npy = os.path.join(scratch, "text-epsilon.npy")
    glassbox("explain", "--model", model, "--method", "lrp", "--rule", "epsilon", "--epsilon",
             epsilon, "--index", "1", "--count", "1", "--out",
             os.path.join(scratch, "text-epsilon.html"), "--npy", npy)
    _, values = read_npy(npy)
    features = driver.execute_script("return window.REPORT.samples[1].document.features;")
    fillers = {feature: features.count(feature) for feature in features}
    # The word with the largest |R|, so that the comparison is not of zeros.
    word = max((k for k in range(len(features)) if features[k] >= 0),
               key=lambda k: abs(values[features[k]]))
    expected = values[features[word]] / fillers[features[word]]
    span = driver.find_element(By.CSS_SELECTOR, '#map-epsilon span.word[data-word="%d"]' % word)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", span)
    ActionChains(driver).move_to_element(span).perform()
    hover = driver.find_element(By.ID, "hover")
    check(hover.get_attribute("data-word") == str(word) and
          hover.get_attribute("data-map") == second_id,
          "hovering word %d of %s reads it (%s)" % (word, second_id, hover.text))
    value = float(hover.get_attribute("data-value"))
    # Both to 1e-6, and relative to 1e-6 (the page divides in float32, this in double).
    check(abs(value - expected) <= 1e-6 * min(1.0, abs(expected)) and expected != 0.0,
          "the hovered word's relevance %r equals the .npy's R_i / c_i = %r" % (value, expected))

    output = os.environ.get("GLASSBOX_TEST_OUTPUT", scratch)
    screenshot_not_blank(driver, os.path.join(output, "report_browser_text.png"))


def main():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
    except ImportError as error:
        skip_or_fail("python's selenium is not installed (%s; Debian: python3-selenium, run "
                     "with /usr/bin/python3)" % error)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not browser or not driver_path:
        skip_or_fail("no Chromium and chromedriver (Debian: chromium chromium-driver)")
    if not mnist_present():
        skip_or_fail("no MNIST under $GLASSBOX_DATA or ./data (scripts/fetch_data.sh)")

    scratch = tempfile.mkdtemp(prefix="glassbox_report_browser.")
    driver = None
    try:
        model = os.path.join(scratch, "small.json")
        folder = os.path.join(scratch, "report")
        glassbox("train", "--layers", "flatten,dense:32,relu,dense:10", "--train-size", "2000",
                 "--validation-size", "0", "--epochs", "1", "--out", model)
        printed = glassbox("report", "--model", model, "--out", folder, "--count", "4")
        check("file://" in printed, "report prints the page to open: " + printed.strip())
        page = os.path.join(folder, "index.html")

        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1300,2600"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
        driver.set_page_load_timeout(60)
        driver.get("file://" + page)

        # 1. No console errors, and the page built its cards.
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        check(not errors, "the page loads from file:// with no console errors %s" % errors)
        cards = driver.find_elements(By.CSS_SELECTOR, "#maps canvas.map")
        check(len(cards) >= 12, "the page shows %d method cards" % len(cards))

        def picture(element_id):
            return driver.execute_script(
                "return document.getElementById(arguments[0]).toDataURL();", element_id)

        families = [card.get_attribute("id") for card in cards]

        # 2. Another image changes the maps.
        before = {name: picture(name) for name in families}
        driver.find_element(By.ID, "sample-1").click()
        after = {name: picture(name) for name in families}
        # Except flat on the first layer: on a dense first layer it spreads the relevance evenly
        # over the pixels, whatever the image, so its map is one colour for every image.
        unchanged = [name for name in families if before[name] == after[name]]
        check(unchanged in ([], ["map-flat-first"]),
              "choosing image 1 changes every map but flat's (unchanged: %s)" % unchanged)

        # 3. The ε slider switches the ε map.
        second_id = check_epsilon_slider(driver, By, Keys, picture, "the ε map")
        epsilon_map = driver.find_element(By.ID, "map-epsilon")

        # 4. Hovering shows the .npy's value at that pixel.
        epsilon = second_id[len("epsilon-"):]
        npy = os.path.join(scratch, "epsilon.npy")
        glassbox("explain", "--model", model, "--method", "lrp", "--rule", "epsilon",
                 "--epsilon", epsilon, "--index", "1", "--out",
                 os.path.join(scratch, "epsilon.png"), "--npy", npy)
        shape, values = read_npy(npy)
        height, width = shape[-2], shape[-1]
        limit = driver.execute_script(
            "return window.REPORT.maps.find((m) => m.id === arguments[0]).samples[1].limit;",
            second_id)
        # A pixel half-way to saturation, so that its colour below says something too.
        halfway = min(range(len(values)), key=lambda i: abs(abs(values[i]) - limit / 2))
        row, column = divmod(halfway, width)
        side = driver.execute_script("return arguments[0].clientWidth;", epsilon_map)
        scale = side / width
        # Selenium measures the offset from the element's centre.
        ActionChains(driver).move_to_element_with_offset(
            epsilon_map, int((column + 0.5) * scale - side / 2),
            int((row + 0.5) * scale - side / 2)).perform()
        hover = driver.find_element(By.ID, "hover")
        shown = (int(hover.get_attribute("data-row")), int(hover.get_attribute("data-column")))
        check(shown == (row, column) and hover.get_attribute("data-map") == second_id,
              "hovering pixel %s of %s reads it (%s)" % ((row, column), second_id, hover.text))
        value = float(hover.get_attribute("data-value"))
        expected = values[row * width + column]
        check(abs(value - expected) <= 1e-6 and expected != 0.0,
              "the hovered relevance %r equals the .npy's %r" % (value, expected))

        # The pixel's colour is the diverging map of explain/render/colormap.hpp, computed here
        # from the formula in that header, in float32 as the C++ does.
        drawn = driver.execute_script(
            "return Array.from(arguments[0].getContext('2d')"
            ".getImageData(arguments[2], arguments[1], 1, 1).data);", epsilon_map, row, column)
        check(list(drawn[:3]) == diverging_color(value, limit),
              "the pixel is drawn %s, the PNGs' colour for R = %g at limit %g" %
              (drawn[:3], value, limit))

        # 5. A screenshot, not blank: many colours, and a fair share of non-white pixels.
        output = os.environ.get("GLASSBOX_TEST_OUTPUT", scratch)
        screenshot_not_blank(driver, os.path.join(output, "report_browser.png"))

        # The page of a text model.
        if newsgroups_present():
            check_text_report(driver, scratch, By, Keys, ActionChains)
        elif in_ci():
            check(False, "20 Newsgroups is present for the text model's page (CI=true)")
        else:
            print("skipped the text model's page: no 20news under $GLASSBOX_DATA or ./data")
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(scratch, ignore_errors=True)
    print("all checks passed")


main()

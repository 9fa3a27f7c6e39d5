#!/usr/bin/python3
"""Takes a screenshot of the top strip of an X display (GDK) for Pace's tray test: what a real panel drew.

    screenshot.py --out FILE.png --height N

Saves the strip (the whole width, N pixels high) as PNG and prints one JSON line: the strip's size and how many of
its pixels have each of the tray ring's colours (within a tolerance, since panels scale icons).
"""

import argparse
import json

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

COLOURS = {"blue": (61, 174, 233), "amber": (240, 160, 48), "red": (218, 68, 83), "violet": (155, 89, 182)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--height", type=int, default=48)
    options = parser.parse_args()
    root = Gdk.get_default_root_window()
    width = root.get_width()
    height = min(options.height, root.get_height())
    pixbuf = Gdk.pixbuf_get_from_window(root, 0, 0, width, height)
    pixbuf.savev(options.out, "png", [], [])
    data = pixbuf.get_pixels()
    stride, channels = pixbuf.get_rowstride(), pixbuf.get_n_channels()
    counts = {name: 0 for name in COLOURS}
    for y in range(height):
        for x in range(width):
            offset = y * stride + x * channels
            pixel = data[offset:offset + 3]
            for name, colour in COLOURS.items():
                if all(abs(pixel[i] - colour[i]) <= 24 for i in range(3)):
                    counts[name] += 1
    print(json.dumps({"width": width, "height": height, "counts": counts}), flush=True)


if __name__ == "__main__":
    main()

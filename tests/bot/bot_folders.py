"""Small knowledge folders written in tmp_path for tests."""

from pathlib import Path


def write_folder(folder: Path, sections: dict[str, str], faq: str | None = None) -> Path:
    """A small knowledge folder: one .txt with `== Heading ==` sections, optional faq.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    lead = "Widgets are small devices made in the town of Example. They are blue."
    body = "\n\n".join(f"== {title} ==\n{text}" for title, text in sections.items())
    (folder / "widgets.txt").write_text(f"{lead}\n\n{body}\n", encoding="utf-8")
    if faq is not None:
        (folder / "faq.yaml").write_text(faq, encoding="utf-8")
    return folder


WIDGET_SECTIONS = {
    "History": "The first widget was built in 1901 by Ada Smith. Production grew quickly.",
    "Manufacturing": "Widgets are pressed from recycled tin. A factory makes 500 a day.",
}

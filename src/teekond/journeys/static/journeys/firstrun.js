// The first-run template gallery: its previews follow the map language the user picks.
for (const gallery of document.querySelectorAll(".fr-gallery")) {
  gallery.querySelector("select[name=language]")?.addEventListener("change", (event) => {
    gallery.dataset.lang = event.target.value;
  });
}

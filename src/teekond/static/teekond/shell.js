// The app shell: open and close the sidebar on narrow screens; close open menus
// (<details> workspace switcher and user menu) on Escape or a click elsewhere.
const toggle = document.querySelector("[data-toggle-sidebar]");
const sidebar = document.getElementById("sidebar");
if (toggle && sidebar) {
  toggle.addEventListener("click", () => {
    const open = document.body.classList.toggle("sidebar-open");
    toggle.setAttribute("aria-expanded", String(open));
  });
}
function closeMenus(except) {
  document.querySelectorAll("details.ws-switcher[open], details.user-menu[open]").forEach((d) => {
    if (d !== except) d.removeAttribute("open");
  });
}
document.addEventListener("click", (event) => {
  const inside = event.target.closest("details.ws-switcher, details.user-menu");
  closeMenus(inside);
  if (document.body.classList.contains("sidebar-open") && !event.target.closest("#sidebar, [data-toggle-sidebar]")) {
    document.body.classList.remove("sidebar-open");
    toggle?.setAttribute("aria-expanded", "false");
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeMenus(null);
});

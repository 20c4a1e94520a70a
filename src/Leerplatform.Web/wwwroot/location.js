// Read once by LocationSync.razor when a circuit becomes interactive: the address the browser shows, to compare
// with the page the router rendered (a link clicked while the circuit starts can leave them apart).
window.lpLocation = { href: () => location.href };

/**
 * A link to something kept in a closed <details> (an error page's "Open the form again" to
 * #new-risk, #import or #update) opens it: the browser scrolls to a closed details but leaves
 * what it holds hidden, so the person would have to find and open it again. Without JavaScript
 * the details stays closed, as it is.
 */
function openLinkedDetails(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  if (id === '') return;
  const details = document.getElementById(id)?.closest('details');
  if (details && !details.open) details.open = true;
}

openLinkedDetails();
window.addEventListener('hashchange', openLinkedDetails);

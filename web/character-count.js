/**
 * The "characters left" line under the message. The visible line follows every keystroke; screen
 * readers hear it only once typing pauses, so that it does not talk over what is being typed.
 */

const announceDelayMs = 1000;

const plural = (count) => (count > 1 ? 's' : '');

function countText(length, maxLength) {
  const remaining = maxLength - length;
  if (remaining >= 0) return `Il vous reste ${remaining.toLocaleString('fr-FR')} caractère${plural(remaining)}.`;
  return `Vous avez dépassé la limite de ${(-remaining).toLocaleString('fr-FR')} caractère${plural(-remaining)}.`;
}

export function setUpCharacterCount({ textarea, visibleCount, spokenCount }) {
  let maxLength = Infinity;
  let timer;

  function refresh() {
    const length = textarea.value.length;
    const text = countText(length, maxLength);
    visibleCount.textContent = text;
    visibleCount.classList.toggle('character-count--over', length > maxLength);
    return text;
  }

  textarea.addEventListener('input', () => {
    const text = refresh();
    clearTimeout(timer);
    timer = setTimeout(() => {
      spokenCount.textContent = text;
    }, announceDelayMs);
  });

  return {
    /** Sets the limit (from the form description) and redraws without announcing. */
    reset(limit) {
      if (Number.isFinite(limit)) maxLength = limit;
      clearTimeout(timer);
      spokenCount.textContent = '';
      refresh();
    },
  };
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium gives a node an id per document. A query that finds a node on
// one page and a click or read that runs after the next page replaced it
// fails with "No node with given id found", and on a loaded machine the
// gap between the two is long enough. So every action that leaves a page
// is followed by arrive, which waits for the next page itself (a new
// document, loaded, showing a selector only that page has), and pages are
// read with one script each (read), which keeps no node id between calls.

// leftMark marks the document a click or a navigation leaves: the next
// document has a new window object, without the mark.
const leftMark = `window.__shopTestLeft = true`

// goTo opens rawURL and waits for the page that shows next.
func goTo(rawURL, next string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Evaluate(leftMark, nil),
		chromedp.Navigate(rawURL),
		arrive(next),
	}
}

// clickTo clicks sel, which takes the browser to another page (perhaps
// through self-submitting ones), and waits for the page that shows next.
// The caller must be on sel's page already (after arrive).
func clickTo(sel, next string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Evaluate(leftMark, nil),
		chromedp.Click(sel, chromedp.ByQuery),
		arrive(next),
	}
}

// arrive waits until the tab shows a document that clickTo or goTo did not
// mark, completely loaded, in which next is visible.
func arrive(next string) chromedp.Action {
	sel, _ := json.Marshal(next)
	return chromedp.Tasks{
		waitFor(fmt.Sprintf(`!window.__shopTestLeft && document.readyState === "complete" && document.querySelector(%s) !== null`, sel)),
		chromedp.WaitVisible(next, chromedp.ByQuery),
	}
}

// waitFor evaluates the JavaScript expression cond until it is true. Unlike
// chromedp.Poll it survives the navigations it waits for: an evaluation
// that fails because the document is being replaced is tried again.
func waitFor(cond string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var lastErr error
		for {
			var ok bool
			err := chromedp.Evaluate(cond, &ok).Do(ctx)
			if err == nil && ok {
				return nil
			}
			if err != nil {
				lastErr = err
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w (last error: %v)", cond, ctx.Err(), lastErr)
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
}

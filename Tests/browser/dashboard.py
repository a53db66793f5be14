#!/usr/bin/env python3
"""Drives Levee's dashboard in a real headless Chromium (Debian's chromium and chromium-driver, selenium from PyPI).

Started by DashboardBrowserTests (swift test) against a server on loopback that holds replayed real payloads and talks
to the fake GitHub. It checks that every page loads with that data, that the queue's filters work, that a maintainer
logs in and vouches for someone from the trust page, and that a POST without the CSRF token is refused. It saves a
screenshot of every page to --screenshots and exits non-zero, naming the step, at the first failure.

    python3 Tests/browser/dashboard.py --url http://localhost:8080 --token TOKEN --screenshots artifacts/screenshots
"""
import argparse
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import Select, WebDriverWait


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--repo", default="Codertocat/Hello-World")
    parser.add_argument("--vouch", default="browser-newcomer")
    parser.add_argument("--screenshots", default="artifacts/screenshots")
    parser.add_argument("--chromium", default=os.environ.get("LEVEE_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--chromedriver", default=os.environ.get("LEVEE_CHROMEDRIVER", "/usr/bin/chromedriver"))
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)

    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600",
                 "--disable-gpu", "--no-first-run", "--disable-extensions"]:
        options.add_argument(flag)
    # The driver is Debian's; selenium must not try to download one.
    driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
    driver.set_page_load_timeout(30)
    step = "start"

    def check(condition, message):
        if not condition:
            raise AssertionError(message() if callable(message) else message)

    def eventually(condition, seconds=10):
        """After a click that submits a form: click() may return before the browser has loaded the next page."""
        try:
            WebDriverWait(driver, seconds).until(lambda d: condition())
            return True
        except TimeoutException:
            return False

    def shows(text):
        return eventually(lambda: text in driver.page_source)

    def lands(fragment):
        return eventually(lambda: fragment in driver.current_url)

    def main_text():
        try:
            return driver.find_element(By.TAG_NAME, "main").text[:400]
        except Exception as error:  # the page changed under us: say so instead of failing on the message
            return f"(the page could not be read: {error})"

    def shot(name):
        driver.save_screenshot(os.path.join(args.screenshots, name + ".png"))

    def rows():
        return driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr[data-verdict]")

    try:
        step = "queue"
        driver.get(args.url + "/")
        check("Queue" in driver.title, f"title is {driver.title!r}")
        all_rows = rows()
        check(len(all_rows) >= 3, f"{len(all_rows)} rows in the queue")
        shot("queue")

        step = "filter by verdict"
        verdicts = [r.get_attribute("data-verdict") for r in all_rows]
        wanted = verdicts[0]
        Select(driver.find_element(By.NAME, "verdict")).select_by_visible_text(wanted)
        # dashboard.js submits the form on change (progressive enhancement); the Apply button does without it.
        try:
            WebDriverWait(driver, 5).until(lambda d: "verdict=" in d.current_url)
        except TimeoutException:
            driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
        check("verdict=" + wanted in driver.current_url, f"the filter is not in the URL: {driver.current_url}")
        filtered = [r.get_attribute("data-verdict") for r in rows()]
        check(filtered and all(v == wanted for v in filtered), f"filtered rows {filtered}, wanted {wanted}")
        check(len(filtered) == verdicts.count(wanted), f"{len(filtered)} rows, expected {verdicts.count(wanted)}")
        shot("queue-filtered")

        step = "search"
        driver.get(args.url + "/")
        box = driver.find_element(By.NAME, "q")
        box.send_keys("robustness")
        driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
        check(lands("q=robustness"), lambda: f"the search did not load: {driver.current_url}")
        eventually(lambda: len(rows()) == 1)
        check(len(rows()) == 1, lambda: f"search found {len(rows())} rows")

        step = "item"
        driver.find_element(By.CSS_SELECTOR, "#queue tbody tr[data-verdict] a").click()
        check(shows('id="signals"'), "the item page did not load")
        check(driver.find_element(By.ID, "signals").is_displayed(), "no signals table")
        check(driver.find_elements(By.CSS_SELECTOR, "#actions tbody tr"), "no action log")
        shot("item")

        step = "load"
        driver.get(args.url + "/load")
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        check(len(charts) == 6, f"{len(charts)} charts")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".figure table")) == 6, "a chart without its table")
        shot("load")

        step = "trust (read only)"
        driver.get(args.url + "/trust")
        check(not driver.find_elements(By.ID, "vouch-form"), "the vouch form is shown without a login")
        check("copied reports" in driver.page_source, "the denounced author's reason is missing")
        shot("trust-read-only")

        step = "shadow"
        driver.get(args.url + "/shadow")
        check(driver.find_element(By.ID, "mode").is_displayed(), "no mode line")
        shot("shadow")

        step = "login"
        driver.get(args.url + "/login")
        shot("login")
        driver.find_element(By.NAME, "login").send_keys("Codertocat")
        driver.find_element(By.NAME, "token").send_keys(args.token)
        driver.find_element(By.CSS_SELECTOR, "#login-form button").click()
        check(shows("Log out"), "not logged in after the login form (was the Secure cookie kept?)")
        cookie = driver.get_cookie("levee_session")
        check(cookie and cookie.get("httpOnly") and cookie.get("secure") and cookie.get("sameSite") == "Strict",
              f"session cookie attributes: {cookie}")

        step = "vouch from the page"
        driver.get(args.url + "/trust")
        Select(driver.find_element(By.CSS_SELECTOR, "#vouch-form select[name=repo]")).select_by_visible_text(args.repo)
        driver.find_element(By.CSS_SELECTOR, "#vouch-form input[name=login]").send_keys(args.vouch)
        driver.find_element(By.CSS_SELECTOR, "#vouch-form input[name=reason]").send_keys("met at the sprint")
        driver.find_element(By.ID, "vouch-button").click()
        check(shows("committed to"), lambda: "the vouch was not committed: " + main_text())
        check(args.vouch in driver.page_source, "the new entry is not on the page")
        shot("trust-after-vouch")

        step = "POST without the CSRF token"
        # The page's own form, logged in, with its CSRF field taken out: the server must refuse it. (fetch() from the
        # page cannot be used: the dashboard's Content-Security-Policy allows no connection from scripts.)
        driver.get(args.url + "/trust")
        driver.execute_script("document.querySelector('#vouch-form input[name=csrf]').remove();")
        driver.find_element(By.CSS_SELECTOR, "#vouch-form input[name=login]").send_keys("forged-user")
        driver.find_element(By.ID, "vouch-button").click()
        check(shows("CSRF token is missing or wrong"), lambda: "a POST without the CSRF token was not refused: " + main_text())
        shot("csrf-refused")

        step = "shadow switch (logged in)"
        driver.get(args.url + "/shadow")
        check(driver.find_elements(By.CSS_SELECTOR, "#switch button"), "no switch for a maintainer")
        shot("shadow-maintainer")
        print("browser: every step passed; screenshots in " + args.screenshots)
    except Exception as error:  # name the step, keep a picture of it
        try:
            shot("failed-" + step.replace(" ", "-"))
        except Exception:
            pass
        print(f"browser: step '{step}' failed: {error}", file=sys.stderr)
        sys.exit(1)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()

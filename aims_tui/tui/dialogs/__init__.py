"""The modal dialogs: each asks one thing and returns it with ``dismiss(value)``.

Named ``<subject>_form.py`` for a form of several fields (``form_base.FormDialog`` underneath) and
``<subject>_dialog.py`` for the rest (confirm, prompt, choice, notice, lists, history). Nothing is
re-exported here on purpose: a screen imports a dialog when its key is first pressed, so that
drawing the screen does not wait for every dialog module.
"""

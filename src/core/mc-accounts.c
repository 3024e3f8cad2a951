/* mc-accounts.c: every account found on this computer: our own, and those of other mail programs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-accounts.h"

struct _McAccounts
{
  GObject         parent_instance;

  GListStore     *model;     /* McAccount */
  GPtrArray      *problems;  /* McAccountProblem */
  McAccountStore *store;
  guint           generation;  /* of the newest load, so an older one never wins */
};

G_DEFINE_FINAL_TYPE (McAccounts, mc_accounts, G_TYPE_OBJECT)

/* What a load needs, taken from the environment in the calling thread
 * (g_getenv is not safe against a concurrent setenv in another thread),
 * and what it found, filled in by the worker thread. */
typedef struct
{
  McSourceEnv    *env;
  McAccountStore *store;
  guint           generation;
  GPtrArray      *accounts;
  GPtrArray      *problems;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->env, mc_source_env_free);
  g_clear_object (&data->store);
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_free (data);
}

static void
mc_accounts_finalize (GObject *object)
{
  McAccounts *self = (McAccounts *) object;

  g_clear_object (&self->model);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mc_accounts_parent_class)->finalize (object);
}

static void
mc_accounts_class_init (McAccountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_accounts_finalize;
}

static void
mc_accounts_init (McAccounts *self)
{
  self->model = g_list_store_new (MC_TYPE_ACCOUNT);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);
}

McAccounts *
mc_accounts_new (void)
{
  return g_object_new (MC_TYPE_ACCOUNTS, NULL);
}

/* In a worker thread: every source in turn, in the documented order. A
 * source that cannot be read adds problems; it never stops the others. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  static const McSourceLoadFunc loaders[] = {
    mc_source_evolution_load,
    mc_source_thunderbird_load,
    mc_source_geary_load,
    mc_source_msmtp_load,
    mc_source_git_load,
  };
  LoadData *data = task_data;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GError) error = NULL;

  data->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  data->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_account_problem_free);

  own = mc_account_store_load (data->store, data->problems, &error);
  if (own != NULL)
    {
      for (guint i = 0; i < own->len; i++)
        g_ptr_array_add (data->accounts, g_object_ref (g_ptr_array_index (own, i)));
    }
  else
    {
      g_ptr_array_add (data->problems,
                       mc_account_problem_new ("mail-checkup",
                                               mc_account_store_get_path (data->store),
                                               error->message));
    }

  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      loaders[i] (data->env, data->accounts, data->problems, cancellable);
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, TRUE);
}

/* Back in the caller's main context: the results replace what was there,
 * unless a newer load has started meanwhile (its results will). */
static void
load_thread_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  McAccounts *self = MC_ACCOUNTS (source);
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->generation == self->generation)
    {
      g_set_object (&self->store, data->store);

      g_clear_pointer (&self->problems, g_ptr_array_unref);
      self->problems = g_steal_pointer (&data->problems);

      /* One splice, so that a list bound to the model changes once. */
      g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                           data->accounts->pdata, data->accounts->len);
    }

  g_task_return_boolean (task, TRUE);
}

void
mc_accounts_load_async (McAccounts          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  LoadData *data;

  g_return_if_fail (MC_IS_ACCOUNTS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_accounts_load_async);

  data = g_new0 (LoadData, 1);
  data->env = mc_source_env_new_from_environment ();
  data->store = mc_account_store_new (NULL);
  data->generation = ++self->generation;

  thread_task = g_task_new (self, cancellable, load_thread_done, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, load_thread);
  g_task_set_task_data (thread_task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (thread_task, load_thread);
}

gboolean
mc_accounts_load_finish (McAccounts    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_accounts_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GListModel *
mc_accounts_get_model (McAccounts *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNTS (self), NULL);

  return G_LIST_MODEL (self->model);
}

GPtrArray *
mc_accounts_get_problems (McAccounts *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNTS (self), NULL);

  return self->problems;
}

McAccount *
mc_accounts_lookup (McAccounts *self,
                    const char *id)
{
  guint n;

  g_return_val_if_fail (MC_IS_ACCOUNTS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McAccount) account = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (g_strcmp0 (mc_account_get_id (account), id) == 0)
        return account;  /* the model keeps its reference */
    }
  return NULL;
}

/* The store of the last load (or, before any load, of the environment at
 * the time the object was made), for adding, editing and removing. */
McAccountStore *
mc_accounts_get_store (McAccounts *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNTS (self), NULL);

  if (self->store == NULL)
    self->store = mc_account_store_new (NULL);
  return self->store;
}

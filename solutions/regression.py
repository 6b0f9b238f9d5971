"""Reference solution: predicting a number (disease progression) with a Dense network.

Same functions as ``exercises/regression.py``, each filled in. Run
``make grade EX=regression SOLUTIONS=1`` to see it pass every check.
"""

import keras
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from datasets import load_diabetes


def load_data():
    return load_diabetes()


def split_data(diabetes):
    X, y = diabetes.drop(columns="progression"), diabetes["progression"]
    return train_test_split(X, y, test_size=0.2, random_state=42)


def standardize(X_train, X_test):
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)


def linear_baseline(X_train, y_train, X_test, y_test):
    model = LinearRegression().fit(X_train, y_train)
    return mean_absolute_error(y_test, model.predict(X_test))


def build_model():
    return keras.Sequential([
        keras.Input(shape=(10,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(1),
    ])


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="mse",
                  metrics=["mae"])
    return model


def train_model(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=100, batch_size=16, validation_split=0.2,
                     verbose=0)


def predict_progression(model, X_test):
    return model.predict(X_test, verbose=0).ravel()


def evaluate(y_test, predicted):
    return mean_squared_error(y_test, predicted), mean_absolute_error(y_test, predicted)


def read_learning_curves(curves):
    return {
        "A": ("jagged", "lower_learning_rate"),
        "B": ("overfitting", "early_stopping"),
        "C": ("undertrained", "more_epochs"),
    }


if __name__ == "__main__":
    X_train, X_test, y_train, y_test = split_data(load_data())
    X_train, X_test = standardize(X_train, X_test)
    model = compile_model(build_model())
    train_model(model, X_train, y_train)
    mse, mae = evaluate(y_test, predict_progression(model, X_test))
    baseline = linear_baseline(X_train, y_train, X_test, y_test)
    print(f"test MAE {mae:.2f} (MSE {mse:.1f}); LinearRegression's test MAE {baseline:.2f}")
